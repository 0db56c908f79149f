import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getDb, lockDataFolder, openDatabase } from "~/utils/db.server";
import { migrationStatus, listMigrationDirectories } from "~/utils/migrations.server";
import { acquireLease, releaseLease } from "~/utils/jobs.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { resolve } from "node:path";

const engine = process.env.KA_TEST_ENGINE;

describe(`database on ${engine}`, () => {
  it("has every migration applied and records them in _prisma_migrations", async () => {
    const state = await openDatabase();
    const status = await migrationStatus((sql) => state.rawQuery(sql));
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(await listMigrationDirectories());
  });

  it("round-trips a user with a membership in one transaction", async () => {
    const db = await getDb();
    const org = await db.organization.create({
      data: { name: "Test AB", country: "SE", orgNumber: `55${Date.now()}`.slice(0, 10) },
    });
    const user = await db.user.create({
      data: {
        email: `u${Date.now()}@test.example`,
        memberships: { create: { organizationId: org.id, roles: ["manager"] } },
      },
      include: { memberships: true },
    });
    expect(user.memberships[0]?.roles).toEqual(["manager"]);
  });

  it("refuses a membership or invitation without roles (CHECK), and filters by role with has", async () => {
    const db = await getDb();
    const org = await db.organization.create({
      data: { name: "Roller AB", country: "SE", orgNumber: `56${Date.now()}`.slice(0, 10) },
    });
    const user = await db.user.create({ data: { email: `r${Date.now()}@test.example` } });
    await expect(
      db.membership.create({ data: { userId: user.id, organizationId: org.id, roles: [] } }),
    ).rejects.toThrow();
    await expect(db.membership.create({ data: { userId: user.id, organizationId: org.id } })).rejects.toThrow();
    await expect(
      db.membership.create({ data: { userId: user.id, organizationId: org.id, roles: ["boss"] } }),
    ).rejects.toThrow();
    await expect(
      db.invitation.create({
        data: {
          organizationId: org.id,
          email: "x@test.example",
          roles: [],
          tokenHash: `h${Date.now()}`,
          expiresAt: new Date(),
        },
      }),
    ).rejects.toThrow();
    await db.membership.create({ data: { userId: user.id, organizationId: org.id, roles: ["manager", "org_admin"] } });
    expect(await db.membership.count({ where: { organizationId: org.id, roles: { has: "manager" } } })).toBe(1);
    expect(await db.membership.count({ where: { organizationId: org.id, roles: { has: "agent" } } })).toBe(0);
  });

  it("the roles migration keeps every existing role (role → roles = [role]) for memberships and invitations", async () => {
    // Its own embedded database: the migrations before it, rows with a single role, then it.
    const { PGlite } = await import("@electric-sql/pglite");
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { MIGRATIONS_DIR } = await import("~/utils/migrations.server");
    const dirs = await listMigrationDirectories();
    const target = dirs.findIndex((d) => d.endsWith("_membership_roles"));
    expect(target).toBeGreaterThan(0);
    const pg = new PGlite();
    try {
      for (const dir of dirs.slice(0, target))
        await pg.exec(await readFile(join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8"));
      await pg.exec(`
        INSERT INTO "Organization" ("id","name","country","orgNumber","updatedAt") VALUES ('o1','A','SE','5560000000', now());
        INSERT INTO "User" ("id","email","updatedAt") VALUES ('u1','a@x','now'), ('u2','b@x','now'), ('u3','c@x','now');
        INSERT INTO "Membership" ("id","userId","organizationId","role","updatedAt") VALUES ('m1','u1','o1','manager',now()), ('m2','u2','o1','agent',now()), ('m3','u3','o1','org_admin',now());
        INSERT INTO "Invitation" ("id","organizationId","email","role","tokenHash","expiresAt") VALUES ('i1','o1','d@x','org_admin','t1',now());`);
      await pg.exec(await readFile(join(MIGRATIONS_DIR, dirs[target]!, "migration.sql"), "utf8"));
      const memberships = await pg.query<{ id: string; roles: string }>(
        `SELECT "id", "roles"::text AS roles FROM "Membership" ORDER BY "id"`,
      );
      expect(memberships.rows).toEqual([
        { id: "m1", roles: "{manager}" },
        { id: "m2", roles: "{agent}" },
        { id: "m3", roles: "{org_admin}" },
      ]);
      const invitations = await pg.query<{ roles: string }>(`SELECT "roles"::text AS roles FROM "Invitation"`);
      expect(invitations.rows).toEqual([{ roles: "{org_admin}" }]);
    } finally {
      await pg.close();
    }
  });

  it("rolls back a failed multi-row write completely", async () => {
    const db = await getDb();
    const email = `rollback${Date.now()}@test.example`;
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { email } });
        await tx.user.create({ data: { email } }); // unique violation
      }),
    ).rejects.toThrow();
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("gives a job lease to one holder at a time", async () => {
    expect(await acquireLease("test-job", 60_000)).toBe(true);
    const db = await getDb();
    // Another instance holds it: simulate by changing the holder.
    await db.jobLease.update({ where: { name: "test-job" }, data: { holder: "other-instance" } });
    expect(await acquireLease("test-job", 60_000)).toBe(false);
    await db.jobLease.update({ where: { name: "test-job" }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    expect(await acquireLease("test-job", 60_000)).toBe(true);
    await releaseLease("test-job");
  });

  it("counts rate-limit points in the database, shared by every limiter on the same key", async () => {
    const keyPrefix = `t${Date.now()}`;
    const limiter = createRateLimiter({ keyPrefix, points: 2, durationSeconds: 60 });
    expect((await limiter.consume("k")).allowed).toBe(true);
    expect((await limiter.consume("k")).allowed).toBe(true);
    // A second limiter object stands for another app instance: it sees the same count.
    const otherInstance = createRateLimiter({ keyPrefix, points: 2, durationSeconds: 60 });
    const third = await otherInstance.consume("k");
    expect(third).toMatchObject({ allowed: false });
    expect(third.allowed === false && third.retryAfterSeconds).toBeGreaterThan(0);
    expect((await otherInstance.consume("another-key")).allowed).toBe(true);
    expect(third.allowed === false && third.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("starts a new rate-limit window once the old one has expired", async () => {
    const limiter = createRateLimiter({ keyPrefix: `w${Date.now()}`, points: 1, durationSeconds: 1 });
    expect((await limiter.consume("k")).allowed).toBe(true);
    expect(await limiter.consume("k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await limiter.consume("k")).allowed).toBe(true);
    expect((await limiter.consume("k")).allowed).toBe(false);
  });
});

describe.runIf(engine === "embedded")("embedded database lock", () => {
  it("refuses a second process with a clear message", () => {
    const dir = resolve(process.env.DATA_DIR!, "pglite");
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${resolve("app/utils/db.server.ts")}").then(m => m.lockDataFolder(${JSON.stringify(dir)})).then(() => console.log("LOCKED"), e => { console.log(e.message); process.exit(3); })`,
      ],
      { encoding: "utf8", env: { ...process.env } },
    );
    expect(child.status).toBe(3);
    expect(child.stdout).toMatch(/is in use by another process \(pid \d+\)/);
  });

  it("takes over a stale lock left by a dead process", () => {
    const dir = resolve(process.env.DATA_DIR!, "stale");
    const first = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${resolve("app/utils/db.server.ts")}").then(m => m.lockDataFolder(${JSON.stringify(dir)}))`,
      ],
      {
        encoding: "utf8",
      },
    );
    expect(first.status).toBe(0); // exited without unlocking: stale lock file remains
    const release = lockDataFolder(dir);
    release();
  });
});

describe.runIf(engine === "postgresql")("migrations on PostgreSQL", () => {
  it("release the migration lock at once, so another process can migrate right after", async () => {
    const { applyMigrations } = await import("~/utils/migrations.server");
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const url = process.env.DATABASE_URL!;
    const started = performance.now();
    // Two more "processes" migrating in turn: each must get the advisory lock immediately.
    for (let i = 0; i < 2; i++) expect(await applyMigrations(new PrismaPg({ connectionString: url }))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    await client.end();
    expect(rows[0].n).toBe(0);
  });
});

describe.runIf(engine === "postgresql")("lost connections on PostgreSQL", () => {
  it("survives the server closing idle connections (restart, failover) and reconnects", async () => {
    const { pingDatabase } = await import("~/utils/db.server");
    const db = await getDb();
    expect(await pingDatabase()).toBe(true);
    await db.user.count();
    const pg = await import("pg");
    const admin = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const { rows } = await admin.query(
      "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    await admin.end();
    expect(rows[0].n).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300)); // an unhandled 'error' would fail the run here
    expect(await pingDatabase()).toBe(true);
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
  });
});
