// AUTH_SECRET from the env; in development one is generated once and kept in the data folder,
// so a fresh clone needs no configuration and sessions survive restarts.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { getEnv } from "~/utils/env.server";

let cached: string | undefined;

export function getAuthSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  const dir = resolve(env.DATA_DIR);
  const file = join(dir, "dev-auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return (cached = readFileSync(file, "utf8").trim());
}
