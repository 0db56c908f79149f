// One Prisma client per process; the driver adapter is chosen from the env at boot:
// DATABASE_URL=postgresql://… → PostgreSQL (production, many instances); unset → embedded
// PGlite in DATA_DIR/pglite, locked to this process (PGlite has no lock between processes).
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { PrismaClient } from "~/generated/prisma/client";
import { lockDataFolder } from "./data-lock.server";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";
import { applyMigrations, migrationStatus } from "./migrations.server";
import { copyPgliteTemplate, findPgliteTemplate } from "./pglite-template.server";
import { forget, remember } from "./remember.server";

export type Db = PrismaClient;

declare global {
  // Set by the launcher (server/start.js) when the database is the embedded one.
  var kaPgliteWasmModule: Promise<WebAssembly.Module | undefined> | undefined;
}

/**
 * Options for transactions that queue behind a row lock (one grader, one issuer, one appender of
 * the audit chain at a time) or do CPU work such as signing a credential: Prisma's defaults (2 s
 * to start, 5 s to finish) fail them on a busy machine long before anything is wrong.
 */
export const QUEUED_TRANSACTION = { maxWait: 30_000, timeout: 30_000 } as const;

type DbState = {
  client: PrismaClient;
  engine: "postgresql" | "embedded";
  close: () => Promise<void>;
  /** Raw SQL used by the readiness probe and migration status, independent of Prisma's client. */
  rawQuery: <T>(sql: string) => Promise<T[]>;
  adapterFactory: unknown;
};

export { DatabaseLockedError, lockDataFolder } from "./data-lock.server";

/**
 * Postgres settings of the embedded database. shared_buffers: Postgres's 128 MB default is zeroed
 * at every start in WASM (~0.4 s of the start) and stays resident (~130 MB); one process serving a
 * small database reads through the OS page cache as well, so 16 MB is plenty (ADR 032).
 */
export const EMBEDDED_SETTINGS = ["-c", "shared_buffers=16MB"];

/** A new folder gets the template's copy when there is a template for these migrations. */
async function copyTemplateIfNew(dir: string, templateDir: string | undefined) {
  if (!templateDir || existsSync(join(dir, "PG_VERSION"))) return;
  const template = await findPgliteTemplate(templateDir);
  if (template) {
    copyPgliteTemplate(template, dir);
    logger.info("new embedded database: copied the build's template", { template: basename(template) });
  } else
    logger.info("no embedded database template for these migrations: initialising the folder (slower)", {
      templateDir,
    });
}

async function openEmbedded(dataDir: string, templateDir: string | undefined): Promise<DbState> {
  const dir = resolve(dataDir, "pglite");
  const unlock = lockDataFolder(dir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    await copyTemplateIfNew(dir, templateDir);
    const pglite = await PGlite.create(dir, {
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
      // Compiled by the launcher while the app loaded (server/start.js); absent: PGlite compiles it.
      pgliteWasmModule: await globalThis.kaPgliteWasmModule?.catch(() => undefined),
    });
    const adapterFactory = new PrismaPGlite(pglite);
    const client = new PrismaClient({ adapter: adapterFactory });
    return {
      client,
      engine: "embedded",
      adapterFactory,
      rawQuery: async <T>(sql: string) => (await pglite.query<T>(sql)).rows,
      close: async () => {
        await client.$disconnect();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPostgres(url: string): Promise<DbState> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = await import("pg");
  // An idle connection can be closed by the server at any time (restart, failover, an admin
  // terminating it). That is logged, never an uncaught error that would stop the process.
  const onIdleError = (err: Error) => logger.warn("idle database connection closed", { err });
  const adapterFactory = new PrismaPg({ connectionString: url, max: 10 }, { onPoolError: onIdleError });
  const client = new PrismaClient({ adapter: adapterFactory });
  const probe = new pg.default.Pool({ connectionString: url, max: 2 });
  probe.on("error", onIdleError);
  return {
    client,
    engine: "postgresql",
    adapterFactory,
    rawQuery: async <T>(sql: string) => (await probe.query(sql)).rows as T[],
    close: async () => {
      await client.$disconnect();
      await probe.end();
    },
  };
}

export type OpenDatabaseOptions = { databaseUrl?: string; dataDir?: string; migrate?: boolean };

/** Opens the database for this process (once), applying pending migrations first. */
export function openDatabase(options: OpenDatabaseOptions = {}): Promise<DbState> {
  return remember("db", () => {
    const opening: Promise<DbState> = open(options).catch((error) => {
      forget("db", opening);
      throw error;
    });
    return opening;
  });
}

async function open(options: OpenDatabaseOptions): Promise<DbState> {
  const env = getEnv();
  const url = options.databaseUrl ?? env.DATABASE_URL;
  const state = url ? await openPostgres(url) : await openEmbedded(options.dataDir ?? env.DATA_DIR, env.PREBUILT_DIR);
  if (options.migrate !== false) {
    try {
      // The WASM schema engine costs ~0.5 s and a few hundred MB at its peak: load it only when
      // Prisma's own bookkeeping shows a migration in the folder that the database has not applied
      // (a half-applied one counts as pending, so the engine reports it).
      const { pending } = await migrationStatus((sql) => state.rawQuery(sql));
      if (pending.length > 0) await applyMigrations(state.adapterFactory);
    } catch (error) {
      await state.close();
      throw error;
    }
  }
  return state;
}

/** The Prisma client. Every module gets the database through this. */
export async function getDb(): Promise<PrismaClient> {
  return (await openDatabase()).client;
}

export async function closeDatabase() {
  const pending = forget<Promise<DbState>>("db");
  if (pending) await (await pending).close();
}

/** Readiness: a trivial round trip to the database. */
export async function pingDatabase(): Promise<boolean> {
  try {
    const state = await openDatabase();
    await state.rawQuery("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
