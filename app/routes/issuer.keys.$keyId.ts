// GET /issuer/keys/:keyId: the platform's public key as a Multikey verification method. The id is
// the key's own publicKeyMultibase, so the URL of a key never changes its meaning.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonLdResponse } from "~/modules/certificates/certificates.server";
import { verificationMethodDocument } from "~/modules/certificates/credential.server";
import { getSigningKey } from "~/modules/certificates/signing-key.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = await getSigningKey();
  if (params.keyId !== key.publicKeyMultibase) throw new Response("Not Found", { status: 404 });
  return jsonLdResponse(verificationMethodDocument(key), request, { maxAge: 86_400 });
}
