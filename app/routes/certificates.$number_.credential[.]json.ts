// GET /certificates/:number/credential.json: the signed Open Badges 3.0 credential, for its holder
// (or a Kontakta admin), to keep in a wallet or hand to anyone who wants to verify it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { certificateCredential, numberFromParams } from "~/modules/certificates/certificates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = numberFromParams(params, request);
  const { json, filename } = await certificateCredential(user, number);
  return new Response(json, {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
