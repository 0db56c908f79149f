// Vite plugin: after the server build, puts the embedded database template beside it
// (scripts/pglite-template.ts, ADR 032), so a new data folder starts without PGlite's initdb.
// A child process: making a template peaks near 1 GB, which the build process would keep.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";

export function pgliteTemplate(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "ka-pglite-template",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      if (!config.build.ssr) return;
      const outDir = resolve(config.root, config.build.outDir);
      const made = spawnSync("npx", ["tsx", "scripts/pglite-template.ts", outDir], {
        cwd: config.root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (made.status !== 0) throw new Error(`the embedded database template failed:\n${made.stderr}`);
      config.logger.info(made.stdout.trim());
    },
  };
}
