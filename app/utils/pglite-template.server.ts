// A new embedded database starts from a template: a PGlite data folder with every migration
// applied, made once (by the build, and by the test run) and copied into the new folder.
// PGlite's own initdb starts a second Postgres in WASM beside the first: ~4 s and ~900 MB at its
// peak, which the process never gives back. Why: docs/decisions/032-embedded-database-template.md
import { createHash } from "node:crypto";
import { cpSync, existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { listMigrationDirectories, MIGRATIONS_DIR } from "./migrations.server";

const require = createRequire(import.meta.url);

function pgliteVersion(): string {
  // The package's exports hide package.json; it sits above the resolved entry (dist/…).
  const entry = require.resolve("@electric-sql/pglite");
  const manifest = join(dirname(entry), "..", "package.json");
  return (require(manifest) as { version: string }).version;
}

/**
 * The template's file name: it names the PGlite version and a digest of the migrations folder, so a
 * template made by another PGlite (another Postgres data format) or before a migration was added or
 * changed is never used.
 */
export async function pgliteTemplateName(migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const hash = createHash("sha256");
  for (const name of await listMigrationDirectories(migrationsDir)) {
    hash.update(`${name}\0`);
    hash.update(await readFile(join(migrationsDir, name, "migration.sql")));
    hash.update("\0");
  }
  return `pglite-${pgliteVersion()}-${hash.digest("hex").slice(0, 16)}`;
}

/** The template for this PGlite and these migrations in `dir`, if one is there. */
export async function findPgliteTemplate(dir: string, migrationsDir = MIGRATIONS_DIR): Promise<string | undefined> {
  const path = join(dir, await pgliteTemplateName(migrationsDir));
  return existsSync(path) ? path : undefined;
}

/**
 * Makes the template in `dir` unless it is there: a data folder migrated through the same
 * `applyMigrations` the app uses (so Prisma's bookkeeping is the engine's own) and shut down
 * cleanly. Made under a temporary name and renamed, so a reader never sees half a template.
 */
export async function createPgliteTemplate(dir: string, migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const path = join(dir, await pgliteTemplateName(migrationsDir));
  if (existsSync(path)) return path;
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const { applyMigrations } = await import("./migrations.server");
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  try {
    const pglite = await PGlite.create(partial);
    try {
      await applyMigrations(new PrismaPGlite(pglite), migrationsDir);
    } finally {
      await pglite.close();
    }
    await rename(partial, path).catch((error: NodeJS.ErrnoException) => {
      // Another process made the same template meanwhile: theirs is as good.
      if (!existsSync(path)) throw error;
    });
    return path;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/**
 * Copies the template into a new database folder, PG_VERSION last: a copy cut short leaves a folder
 * without it, which the next start copies into again rather than opening half a database.
 */
export function copyPgliteTemplate(template: string, dir: string) {
  const marker = join(template, "PG_VERSION");
  cpSync(template, dir, { recursive: true, filter: (source) => source !== marker });
  cpSync(marker, join(dir, "PG_VERSION"));
}
