// GET /credentials/status/1: the revocation list of every credential we issued, as a signed W3C
// Bitstring Status List credential, derived from the database on each request (a revocation is
// visible here as soon as it commits).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonLdResponse } from "~/modules/certificates/certificates.server";
import { getStatusListCredential } from "~/modules/certificates/status-list.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (params.listId !== "1") throw new Response("Not Found", { status: 404 });
  return jsonLdResponse(await getStatusListCredential(), request, { maxAge: 0 });
}
