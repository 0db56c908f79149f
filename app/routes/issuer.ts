// GET /issuer: the issuer of every KontaktAkademin credential (an Open Badges 3.0 Profile), which
// is also the controller document authorising the platform's keys for assertions: the current
// key and every retired one (so credentials signed before a key rotation keep verifying).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonLdResponse } from "~/utils/json-ld.server";
import { issuerProfileDocument } from "~/modules/certificates/credential.server";
import { getIssuerKeys } from "~/modules/certificates/key-registry.server";
import { getSigningKey } from "~/modules/certificates/signing-key.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return jsonLdResponse(issuerProfileDocument(await getIssuerKeys(await getSigningKey())), request, { maxAge: 3600 });
}
