// Migrations CLI: create / deploy / status, on the embedded database or PostgreSQL (DATABASE_URL).
// usage: npm run db:migrate -- create <name> | deploy | status
// The embedded database must not be open in another process (the lock refuses it).
import { closeDatabase, openDatabase } from "~/utils/db.server";
import { createMigration, migrationStatus } from "~/utils/migrations.server";

const [command, name] = process.argv.slice(2);

async function main() {
  switch (command) {
    case "create": {
      if (!name) throw new Error("usage: npm run db:migrate -- create <name>");
      const dir = await createMigration(name);
      console.log(dir ? `Created ${dir}` : "No schema changes: no migration created.");
      return;
    }
    case "deploy": {
      const db = await openDatabase({ migrate: false });
      const { applyMigrations } = await import("~/utils/migrations.server");
      const applied = await applyMigrations(db.adapterFactory);
      console.log(applied.length ? `Applied (${db.engine}): ${applied.join(", ")}` : `Up to date (${db.engine}).`);
      return;
    }
    case "status": {
      const db = await openDatabase({ migrate: false });
      const status = await migrationStatus((sql) => db.rawQuery(sql));
      console.log(
        `Engine: ${db.engine}\nApplied: ${status.applied.length}\nPending: ${status.pending.join(", ") || "none"}`,
      );
      if (status.pending.length) process.exitCode = 1;
      return;
    }
    default:
      throw new Error("usage: npm run db:migrate -- create <name> | deploy | status");
  }
}

main()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
