// Playwright's webServer: a fresh e2e database, a production build (unless E2E_SKIP_BUILD=1 and
// one exists), then the real server in production mode.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { e2eSettings, serverEnv } from "./settings";

const settings = e2eSettings();

async function recreateDatabase() {
  const client = new pg.Client({ connectionString: settings.pgServer });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${settings.databaseName}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${settings.databaseName}"`);
  await client.end();
}

await recreateDatabase();
rmSync(settings.dataDir, { recursive: true, force: true });

const env = { ...process.env, ...serverEnv(settings) };
if (!(process.env.E2E_SKIP_BUILD === "1" && existsSync(join(settings.buildDir, "server/index.js")))) {
  const build = spawnSync("npx", ["remix", "vite:build"], {
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) {
    console.error("e2e: build failed");
    process.exit(1);
  }
}

const server = spawn(process.execPath, ["server/start.js"], { env, stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
