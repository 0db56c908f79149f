// Vite plugin: the server build gets a second entry, `startup-plan.js`, beside `index.js`: the
// env check and the number of processes (app/http/startup-plan.server.ts). The launcher's cluster
// primary imports only that (with the env module and zod, in a chunk the two entries share), so it
// forks the workers without loading the app, which it never runs: ~50 MB less, and the workers
// start sooner. One process imports both and gets one copy of the shared chunk.
import { resolve } from "node:path";
import type { Plugin } from "vite";

/** The entry's file name in the server build folder; server/start.js names the same file. */
export const STARTUP_PLAN_ENTRY = "startup-plan.js";

export function startupPlanEntry(): Plugin {
  let root = process.cwd();
  let ssr = false;
  return {
    name: "ka-startup-plan-entry",
    apply: "build",
    configResolved(config) {
      root = config.root;
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!ssr) return;
      this.emitFile({
        type: "chunk",
        id: resolve(root, "app/http/startup-plan.server.ts"),
        fileName: STARTUP_PLAN_ENTRY,
      });
    },
  };
}
