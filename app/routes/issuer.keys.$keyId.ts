// GET /issuer/keys/:keyId: one of the platform's public keys as a Multikey verification method,
// the current one or a retired one (credentials it signed stay verifiable). The id is the key's
// own publicKeyMultibase, so the URL of a key never changes its meaning.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonLdResponse } from "~/utils/json-ld.server";
import { verificationMethodDocument } from "~/modules/certificates/credential.server";
import { getIssuerKeys } from "~/modules/certificates/key-registry.server";
import { getSigningKey } from "~/modules/certificates/signing-key.server";
import { invariantResponse } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const keys = await getIssuerKeys(await getSigningKey());
  const key = keys.find((k) => k.publicKeyMultibase === params.keyId);
  invariantResponse(key, request);
  return jsonLdResponse(verificationMethodDocument(key), request, { maxAge: 86_400 });
}
