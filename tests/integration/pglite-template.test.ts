// The embedded database's template (ADR 032): a new folder is copied from it with every migration
// already applied; without a template for these migrations the folder is initialised and migrated.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, getDb, openDatabase } from "~/utils/db.server";
import { reloadEnv } from "~/utils/env.server";
import { listMigrationDirectories, migrationStatus } from "~/utils/migrations.server";
import { findPgliteTemplate } from "~/utils/pglite-template.server";
import { PREBUILT_CACHE } from "~/utils/prebuilt";

const engine = process.env.KA_TEST_ENGINE;
// Taken when this file is collected, before the set-up opens this file's new database.
const fileCollectedAt = new Date();

type MigrationRow = { migration_name: string; finished_at: Date; applied_steps_count: number; checksum: string };
const bookkeeping = async () =>
  (await openDatabase()).rawQuery<MigrationRow>(
    "SELECT migration_name, finished_at, applied_steps_count, checksum FROM _prisma_migrations ORDER BY migration_name",
  );

describe.runIf(engine === "embedded")("the embedded database template", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it("gives a new folder every migration, applied when the template was made, with Prisma's bookkeeping", async () => {
    expect(await findPgliteTemplate(PREBUILT_CACHE)).toBeDefined();
    const rows = await bookkeeping();
    expect(rows.map((r) => r.migration_name)).toEqual(await listMigrationDirectories());
    for (const row of rows) {
      expect(row.finished_at.getTime()).toBeLessThan(fileCollectedAt.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
    // A working database, not a read-only copy.
    const db = await getDb();
    await db.user.create({ data: { email: "template@test.example" } });
    expect(await db.user.count({ where: { email: "template@test.example" } })).toBe(1);
  });

  it("never copies over a folder that already holds a database", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ka-template-existing-"));
    folders.push(dataDir);
    await closeDatabase();
    await openDatabase({ dataDir });
    await (await getDb()).user.create({ data: { email: "kept@test.example" } });
    await closeDatabase();
    await openDatabase({ dataDir });
    expect(await (await getDb()).user.count({ where: { email: "kept@test.example" } })).toBe(1);
  });

  it("initialises and migrates a new folder when no template matches these migrations", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ka-template-none-"));
    const noTemplates = mkdtempSync(join(tmpdir(), "ka-template-empty-"));
    folders.push(dataDir, noTemplates);
    const before = process.env.PREBUILT_DIR;
    process.env.PREBUILT_DIR = noTemplates;
    reloadEnv();
    try {
      await closeDatabase();
      const started = new Date();
      const state = await openDatabase({ dataDir });
      expect(existsSync(join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
      const status = await migrationStatus((sql) => state.rawQuery(sql));
      expect(status.pending).toEqual([]);
      for (const row of await bookkeeping())
        expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(started.getTime());
    } finally {
      process.env.PREBUILT_DIR = before;
      reloadEnv();
    }
  });
});
