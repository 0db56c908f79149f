// Readiness: the database answers.
import { pingDatabase } from "~/utils/db.server";

export async function loader() {
  const ready = await pingDatabase();
  return new Response(ready ? "ready" : "database unavailable", {
    status: ready ? 200 : 503,
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
