// GET /certificates/:number/credential.json: the signed Open Badges 3.0 credential, for its holder
// (or a Kontakta admin), to keep in a wallet or hand to anyone who wants to verify it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { certificateCredential } from "~/modules/certificates/certificates.server";
import { canonicalNumberOf } from "~/modules/certificates/number";
import { canonicalParam, withDomainErrors } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = canonicalParam(request, params.number, canonicalNumberOf);
  const { json, filename } = await withDomainErrors(request, () => certificateCredential(user, number));
  return new Response(json, {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
