// GET /credentials/status/1: the revocation list of every credential we issued, as a signed W3C
// Bitstring Status List credential. The stored signed list is served as is (re-signed in the
// transaction of each revocation), so a revocation is visible, and already valid, the moment it
// commits, and two fetches between revocations get the same bytes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "~/utils/http.server";
import { jsonLdTextResponse } from "~/utils/json-ld.server";
import { getStatusListText } from "~/modules/certificates/status-list.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  invariantResponse(params.listId === "1", request);
  return jsonLdTextResponse(await getStatusListText(), request, { maxAge: 0 });
}
