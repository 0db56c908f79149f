// /team/:orgId/export.csv: the team's progress and certificates as CSV (UTF-8 with BOM, so
// spreadsheet programs read å, ä, ö right). ?delimiter=semicolon for Swedish/Finnish Excel.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { teamCsv } from "~/modules/organizations/team.server";
import { csvResponse } from "~/utils/csv.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin", "manager"]);
  const language = await getLanguage(request, user.locale);
  const t = await getFixedT(language);
  const delimiter = new URL(request.url).searchParams.get("delimiter") === "semicolon" ? ";" : ",";
  const rows = teamCsv(org.id, {
    t: (key) => t(key.includes(":") ? key : `organizations:${key}`),
    language,
    delimiter,
  });
  return csvResponse(rows, `team-${org.orgNumber}-${new Date().toISOString().slice(0, 10)}.csv`);
}
