// A fresh, migrated database for a test file: a new PostgreSQL database on the local server, or a
// new embedded PGlite folder. Both go through the app's own openDatabase (same migrations).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const TEST_PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = {
  engine: "embedded" | "postgresql";
  databaseUrl?: string;
  dataDir?: string;
  drop: () => Promise<void>;
};

export async function createPostgresDatabase(prefix = "ka_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_PG_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_SERVER });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(engine: "embedded" | "postgresql"): Promise<TestDatabase> {
  // Both engines get a private data folder (development keys, outbox); PGlite also lives there.
  const dataDir = mkdtempSync(join(tmpdir(), "ka-test-"));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === "postgresql") {
    const { url, drop } = await createPostgresDatabase();
    return { engine, databaseUrl: url, dataDir, drop: async () => (await drop(), await removeDir()) };
  }
  return { engine, dataDir, drop: removeDir };
}
