// /team/:orgId/invite: a company admin invites people by e-mail, one at a time or as a pasted
// list / CSV file, and sees what happened to each row.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { InviteForms, InviteReportView } from "~/components/organizations/invite-forms";
import { TeamTabs } from "~/components/organizations/ui";
import { pageTitle } from "~/i18n/page-title";
import { requireOrgRole } from "~/modules/auth/session.server";
import { handleInviteAction } from "~/modules/organizations/invite-action.server";
import { INVITATION_TTL_DAYS } from "~/modules/organizations/invitations.server";
import { requireId } from "~/modules/organizations/params";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "invite") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = requireId(params.orgId);
  await requireOrgRole(request, orgId, ["org_admin"]);
  const db = await getDb();
  const organization = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true } });
  if (!organization) throw new Response("Not Found", { status: 404 });
  return { organization, ttlDays: INVITATION_TTL_DAYS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const orgId = requireId(params.orgId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin"]);
  const { status, result } = await handleInviteAction(request, orgId, user);
  return data(result, { status });
}

export default function Invite() {
  const { organization, ttlDays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  return (
    <div>
      <h1>{t("invite.title", { organization: organization.name })}</h1>
      <TeamTabs orgId={organization.id} isAdmin />
      <p className="mt-4 max-w-3xl">{t("invite.intro", { days: ttlDays })}</p>
      {result ? <InviteReportView result={result} /> : null}
      <InviteForms />
    </div>
  );
}
