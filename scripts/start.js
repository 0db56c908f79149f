// `npm start`: the newcomer's one command. Builds the app if the build is missing or older than
// its sources, then serves the built app (not the Vite dev server: quicker to start, less memory)
// on the embedded database with development secrets, sample data and the dev outbox.
// `npm run dev` is the dev server with hot reload; `npm run serve` is production.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const buildDir = resolve(process.env.KA_BUILD_DIR ?? "build");
const builtEntry = join(buildDir, "server/index.js");
const sources = ["app", "vite", "vite.config.ts", "tsconfig.json", "package-lock.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const builtAt = existsSync(builtEntry) ? statSync(builtEntry).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
if (builtAt < sourcesAt) {
  process.stdout.write(
    builtAt ? "The build is older than the sources: building…\n" : "No build yet: building the app (once)…\n",
  );
  const build = spawnSync("npx", ["remix", "vite:build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) {
    process.stderr.write("The build failed (see above).\n");
    process.exit(1);
  }
}

// Development mode on the built app: development secrets, sample data, the dev outbox.
const env = { ...process.env, KA_SERVE_BUILD: "1" };
delete env.NODE_ENV;
const server = spawn(process.execPath, ["server/start.js"], { stdio: "inherit", env });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
