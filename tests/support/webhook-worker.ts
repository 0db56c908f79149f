// A webhook delivery worker as its own process (what each app instance's job does, without the
// lease, so that two of them really claim deliveries at the same time). Used by
// tests/integration/webhooks-two-instances.test.ts. Runs until SIGTERM, then prints its totals
// as one JSON line.
import { deliverDueWebhooks } from "~/modules/api/webhooks.server";
import { closeDatabase, openDatabase } from "~/utils/db.server";

const totals = { pid: process.pid, claimed: 0, delivered: 0, retried: 0, failed: 0, loops: 0 };
let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});

// The test process has migrated the database already.
await openDatabase({ migrate: false });
process.stdout.write("ready\n");
while (!stopping) {
  const report = await deliverDueWebhooks({ batchSize: 5, concurrency: 4, maxRunMs: 1_000 });
  totals.claimed += report.claimed;
  totals.delivered += report.delivered;
  totals.retried += report.retried;
  totals.failed += report.failed;
  totals.loops++;
  if (report.claimed === 0) await new Promise((r) => setTimeout(r, 25));
}
await closeDatabase();
process.stdout.write(`${JSON.stringify(totals)}\n`);
process.exit(0);
