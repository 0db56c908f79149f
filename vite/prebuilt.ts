// Vite plugin: after the server build, prepares what a quick start needs beside it
// (scripts/prebuild.ts, ADR 032): the embedded database template and the compiled lessons.
// A child process: making a template peaks near 1 GB, which the build process would keep.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";

export function prebuilt(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "ka-prebuilt",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      if (!config.build.ssr) return;
      const outDir = resolve(config.root, config.build.outDir);
      const made = spawnSync("npx", ["tsx", "scripts/prebuild.ts", outDir], {
        cwd: config.root,
        env: { ...process.env, LOG_LEVEL: "warn" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (made.status !== 0) throw new Error(`preparing the quick start failed:\n${made.stderr}`);
      config.logger.info(made.stdout.trim());
    },
  };
}
