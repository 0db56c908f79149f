// Prisma migrations without the native schema engine: Prisma's own engine compiled to WASM,
// driven through a driver adapter (why: docs/decisions/003-migrations-wasm-engine.md).
// Writes Prisma's `_prisma_migrations` bookkeeping, so `prisma migrate deploy` stays compatible.
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const filters = { externalTables: [], externalEnums: [] };

export const PRISMA_DIR = resolve(process.cwd(), "prisma");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");

/* eslint-disable @typescript-eslint/no-explicit-any -- the WASM bindings ship loose typings */
type SchemaEngine = any;

let runtimePromise: Promise<any> | undefined;
async function loadRuntime() {
  runtimePromise ??= (async () => {
    const rt: any = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = join(
      dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const instance = new WebAssembly.Instance(new WebAssembly.Module(await readFile(wasmPath)), {
      "./schema_engine_bg.js": rt,
    });
    rt.__wbg_set_wasm(instance.exports);
    (instance.exports as any).__wbindgen_start();
    return rt;
  })();
  return runtimePromise;
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory | any,
  fn: (engine: SchemaEngine) => Promise<T>,
) {
  const rt = await loadRuntime();
  // The engine connects through the factory but never disposes what it connected; on PostgreSQL
  // each connection is a pool that would hold the migration advisory lock until its idle timeout
  // and stall the next process that migrates. Track and dispose them ourselves.
  const connected: Array<{ dispose: () => Promise<void> }> = [];
  const tracking = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      connected.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      connected.push(adapter);
      return adapter;
    },
  };
  const engine = await rt.SchemaEngine.new(
    { datamodels: undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking as any),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await Promise.allSettled(connected.map((adapter) => adapter.dispose()));
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export async function listMigrationDirectories(migrationsDir = MIGRATIONS_DIR) {
  if (!existsSync(migrationsDir)) return [];
  return (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

async function migrationsList(migrationsDir = MIGRATIONS_DIR) {
  const lockPath = join(migrationsDir, "migration_lock.toml");
  const dirs = await listMigrationDirectories(migrationsDir);
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok", value: await readFile(join(migrationsDir, name, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

/** Applies pending migrations; returns the names applied now (empty when up to date). */
export async function applyMigrations(factory: unknown, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const list = await migrationsList(migrationsDir);
  const out = await withEngine(factory, (engine) => engine.applyMigrations({ migrationsList: list, filters }));
  return (out as { appliedMigrationNames: string[] }).appliedMigrationNames;
}

export type MigrationStatus = { applied: string[]; pending: string[] };

/** Which migrations in the folder the database has applied, read from Prisma's own bookkeeping. */
export async function migrationStatus(
  query: (sql: string) => Promise<Array<{ migration_name: string }>>,
  migrationsDir = MIGRATIONS_DIR,
): Promise<MigrationStatus> {
  const names = await listMigrationDirectories(migrationsDir);
  let applied: string[] = [];
  try {
    const rows = await query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    applied = []; // no bookkeeping table yet: nothing applied
  }
  return { applied, pending: names.filter((n) => !applied.includes(n)) };
}

/**
 * Diffs the schema against a throwaway PGlite that has every existing migration applied and
 * writes the difference as a new migration. Returns its folder, or undefined when nothing changed.
 */
export async function createMigration(
  name: string,
  { schemaPath = SCHEMA_PATH, migrationsDir = MIGRATIONS_DIR, now = new Date() } = {},
): Promise<string | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Migration name "${name}" must be lowercase letters, digits and _`);
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const shadowDir = join(tmpdir(), `ka-shadow-${process.pid}-${Date.now()}`);
  const shadow = new PGlite(shadowDir);
  try {
    const files = [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
    const list = await migrationsList(migrationsDir);
    const sql = await withEngine(new PrismaPGlite(shadow), async (engine) => {
      if (list.migrationDirectories.length) await engine.applyMigrations({ migrationsList: list, filters });
      const diff = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: dirname(schemaPath) },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: true,
        filters,
      });
      return diff.exitCode === 0 ? undefined : (diff.stdout as string);
    });
    if (!sql) return undefined;
    const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "migration.sql"), sql);
    const lockPath = join(migrationsDir, "migration_lock.toml");
    if (!existsSync(lockPath)) {
      await writeFile(
        lockPath,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
      );
    }
    return dir;
  } finally {
    await shadow.close();
    await rm(shadowDir, { recursive: true, force: true });
  }
}
