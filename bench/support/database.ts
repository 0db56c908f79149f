// A throwaway PostgreSQL database for one benchmark run, created on the server the benchmarks use
// (TEST_PG_URL) and dropped again at the end.
import pg from "pg";

export type BenchDatabase = { url: string; drop: () => Promise<void> };

/** The URL of database `name` on the server `server` points at. */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the empty database `name` on `server` (dropping a leftover first); drop() removes it and closes the admin connection. */
export async function createBenchDatabase(server: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  return {
    url: databaseUrl(server, name),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** The database `name` on `server`, created if missing and never dropped (BENCH_KEEP_DB). */
export async function keptBenchDatabase(server: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return { url: databaseUrl(server, name), drop: async () => undefined };
}
