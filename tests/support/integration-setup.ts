// Each integration test file gets its own fresh database on the engine of its project, and a
// content store over content/ that compiles lessons only when asked (no background warm-up).
import { resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ContentStore, setContentStore } from "~/modules/courses/content.server";
import { setWebhookResolver } from "~/modules/api/webhook-url.server";
import { closeDatabase, openDatabase } from "~/utils/db.server";
import { reloadEnv } from "~/utils/env.server";
import { createTestDatabase, type TestDatabase } from "./test-database";

const engine = process.env.KA_TEST_ENGINE === "postgresql" ? "postgresql" : "embedded";
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(engine);
  process.env.NODE_ENV = "test";
  process.env.LOG_LEVEL = "silent";
  // Test receivers listen on 127.0.0.1; every other non-public address stays refused.
  process.env.WEBHOOK_ALLOW_LOOPBACK = "true";
  // No DNS traffic from tests: names resolve through this table only (tests install their own).
  setWebhookResolver(async (hostname) => {
    if (hostname === "localhost") return [{ address: "127.0.0.1", family: 4 }];
    throw Object.assign(new Error(`fake resolver: ${hostname} is not known`), { code: "ENOTFOUND" });
  });
  if (database.databaseUrl) process.env.DATABASE_URL = database.databaseUrl;
  else delete process.env.DATABASE_URL;
  if (database.dataDir) process.env.DATA_DIR = database.dataDir;
  reloadEnv();
  await closeDatabase();
  await openDatabase();
  setContentStore(new ContentStore({ rootDir: resolve("content"), cacheDir: null, watch: false }));
});

afterAll(async () => {
  await closeDatabase();
  await database?.drop();
});
