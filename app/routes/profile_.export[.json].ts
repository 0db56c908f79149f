// /profile/export.json: everything the platform holds about the signed-in person, as a JSON
// download (GDPR art. 15 and 20). Their own data only: there is no user id in the URL.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { exportPersonalData, exportResponse } from "~/modules/privacy/export.server";
import { invariantResponse } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportPersonalData(user.id, { requestedBy: "self" });
  invariantResponse(data, request);
  return exportResponse(data);
}
