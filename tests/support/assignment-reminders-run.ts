// Runs the assignment reminder job once (the function the server's job runner calls) against the
// database in DATABASE_URL and prints its result as one JSON line. Used by
// tests/e2e/assignments.spec.ts, whose own process cannot load the course content modules.
import { runAssignmentReminders } from "~/modules/assignments/reminders.server";
import { closeDatabase, openDatabase } from "~/utils/db.server";

await openDatabase({ migrate: false });
const result = await runAssignmentReminders();
await closeDatabase();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
