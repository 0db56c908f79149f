// Checks the audit chain (certificate and criterion events): every entry's hash, its link to the
// previous entry, and that no sequence number is missing. Exit 0 when intact; exit 1 naming the
// first broken entry. usage: npm run audit:verify  (DATABASE_URL or the embedded DATA_DIR, as the app)
// The embedded database must not be open in another process (stop the app first).
import { verifyAuditChain } from "~/modules/api/audit.server";
import { closeDatabase, openDatabase } from "~/utils/db.server";

async function main() {
  // Read-only: a verification never migrates (or otherwise writes to) the database it checks.
  const db = (await openDatabase({ migrate: false })).client;
  const result = await verifyAuditChain(db);
  if (result.ok) {
    const head = result.head ? `head #${result.head.seq} ${result.head.hash}` : "empty chain";
    console.log(`Audit chain intact: ${result.entries} entries, ${head}.`);
    console.log(
      `Personal data held beside ${result.personalRecords} entries matches their commitments (erased entries hold none).`,
    );
    return;
  }
  const b = result.firstBroken;
  const what = {
    hash_mismatch: "its content does not match its hash (the entry was changed)",
    prev_hash_mismatch: "it does not link to the entry before it (that entry, or this link, was changed)",
    seq_gap: `entry #${b.seq} is missing (found #${b.found} instead)`,
    personal_mismatch: `the personal data kept beside it (${b.found}) does not match the commitment in the hashed entry`,
  }[b.reason];
  console.error(`Audit chain BROKEN at entry #${b.seq}: ${what}. ${result.entries} entries before it are intact.`);
  console.error(`  expected ${b.expected}\n  found    ${b.found}`);
  process.exitCode = 1;
}

main()
  .catch((error: Error) => {
    console.error(`audit:verify failed: ${error.message}`);
    process.exitCode = 2;
  })
  .finally(() => closeDatabase());
