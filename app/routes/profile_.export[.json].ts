// /profile/export.json: everything the platform holds about the signed-in person, as a JSON
// download (GDPR art. 15 and 20). Their own data only: there is no user id in the URL.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { exportPersonalData, exportResponse } from "~/modules/privacy/export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportPersonalData(user.id, { requestedBy: "self" });
  if (!data) throw new Response("Not Found", { status: 404 });
  return exportResponse(data);
}
