// npm run bench [-- <name filter>]: runs every bench/*.bench.ts, one after another, each in its own
// process (so one benchmark's memory and warm caches never colour the next), and prints their
// figures as they go. The production build they share (build/bench) is refreshed first if stale.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureBenchBuild } from "./support/build";

const filters = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !filters.length || filters.some((needle) => f.includes(needle)))
  .sort();

if (!files.length) {
  console.error(`no bench/*.bench.ts${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
  process.exit(1);
}

ensureBenchBuild();
const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", join("bench", file)], { stdio: "inherit" });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 0) console.log(`=== ${file}: done in ${seconds} s ===`);
  else {
    console.log(`=== ${file}: FAILED (exit ${run.status ?? run.signal}) after ${seconds} s ===`);
    failed.push(file);
  }
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(", ")}`);
  process.exit(1);
}
