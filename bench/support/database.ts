// A throwaway PostgreSQL database for one benchmark run, created on the server the benchmarks use
// (TEST_PG_URL) and dropped again at the end.
import pg from "pg";

export type BenchDatabase = { url: string; drop: () => Promise<void> };

/** Creates the empty database `name` on `server` (dropping a leftover first); drop() removes it and closes the admin connection. */
export async function createBenchDatabase(server: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}
