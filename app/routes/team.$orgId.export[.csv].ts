// /team/:orgId/export.csv: the team's progress and certificates as CSV (UTF-8 with BOM, so
// spreadsheet programs read å, ä, ö right). ?delimiter=semicolon for Swedish/Finnish Excel.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireOrgRole } from "~/modules/auth/session.server";
import { requireId } from "~/modules/organizations/params";
import { teamCsv } from "~/modules/organizations/team.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = requireId(params.orgId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin", "manager"]);
  const db = await getDb();
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { orgNumber: true } });
  if (!org) throw new Response("Not Found", { status: 404 });
  const language = await getLanguage(request, user.locale);
  const t = await getFixedT(language);
  const delimiter = new URL(request.url).searchParams.get("delimiter") === "semicolon" ? ";" : ",";
  const rows = teamCsv(orgId, { t: (key) => t(`organizations:${key}`), language, delimiter });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="team-${org.orgNumber}-${date}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
