// The production build the benchmarks run against (build/bench), rebuilt when any source file
// the build depends on is newer than it, so a benchmark never measures yesterday's code.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

// BENCH_BUILD_DIR: another production build to run against (the README-commands e2e spec points
// it at the e2e run's build, so CI does not build the app a third time).
export const benchBuildDir = resolve(process.env.BENCH_BUILD_DIR ?? "build/bench");

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds the app into build/bench unless an up-to-date build is there. Returns the folder. */
export function ensureBenchBuild(): string {
  const marker = join(benchBuildDir, "server/index.js");
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const sources = Math.max(
    newestMtime("app"),
    newestMtime("public"),
    newestMtime("vite.config.ts"),
    newestMtime("vite"),
    newestMtime("package-lock.json"),
  );
  if (built > sources) return benchBuildDir;
  process.stdout.write("building the app for the benchmarks (build/bench)…\n");
  const build = spawnSync("npx", ["remix", "vite:build"], {
    env: { ...process.env, KA_BUILD_DIR: benchBuildDir, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the benchmark build failed");
  return benchBuildDir;
}
