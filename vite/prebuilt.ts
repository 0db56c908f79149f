// Vite plugin: prepares what a quick start needs and puts it beside the server build (ADR 032):
// the embedded database template and the compiled lessons (scripts/prebuild.ts, one child process
// each: making a template peaks near 1 GB, which the build process would keep). They start with
// the client build and run beside it; the server build waits for them and copies them in.
import { spawn } from "node:child_process";
import { cp } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Plugin, ResolvedConfig } from "vite";
import { prebuiltLessonsDir } from "../app/utils/prebuilt";

function prebuild(root: string, what: "template" | "lessons"): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn("npx", ["tsx", "scripts/prebuild.ts", what], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done(out.trim().split("\n").pop()!) : fail(new Error(`preparing the ${what} failed:\n${err}`)),
    );
  });
}

// Remix runs the client and the server build one after the other in one process, each with its
// own plugin instances: the work started by the first is found here by the second.
const shared = globalThis as { kaPrebuilt?: Promise<[string, string]> };
const start = (root: string) =>
  (shared.kaPrebuilt ??= Promise.all([prebuild(root, "template"), prebuild(root, "lessons")]));

export function prebuilt(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "ka-prebuilt",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      // Started now, awaited after the server build; a failure is reported there.
      start(config.root).catch(() => undefined);
    },
    async closeBundle() {
      if (!config.build.ssr) return;
      const outDir = resolve(config.root, config.build.outDir);
      const [template, lessons] = await start(config.root).finally(() => (shared.kaPrebuilt = undefined));
      await cp(template, join(outDir, basename(template)), { recursive: true });
      await cp(lessons, prebuiltLessonsDir(outDir), { recursive: true });
      config.logger.info(
        `prepared in ${outDir}: the embedded database template ${basename(template)}, the compiled lessons`,
      );
    },
  };
}
