// GET /certificates/:number/pdf: the certificate as an A4 PDF, for its holder (or a Kontakta admin).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { certificatePdf } from "~/modules/certificates/certificates.server";
import { canonicalNumberOf } from "~/modules/certificates/number";
import { canonicalParam, withDomainErrors } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = canonicalParam(request, params.number, canonicalNumberOf);
  const { pdf, filename } = await withDomainErrors(request, () => certificatePdf(user, number));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
