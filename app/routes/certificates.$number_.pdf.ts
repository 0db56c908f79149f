// GET /certificates/:number/pdf: the certificate as an A4 PDF, for its holder (or a Kontakta admin).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { certificatePdf, numberFromParams } from "~/modules/certificates/certificates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = numberFromParams(params, request);
  const { pdf, filename } = await certificatePdf(user, number);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
