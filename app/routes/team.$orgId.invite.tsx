// /team/:orgId/invite: a company admin invites people by e-mail, one at a time or as a pasted
// list / CSV file, and sees what happened to each row.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { InviteForms, InviteReportView } from "~/components/organizations/invite-forms";
import { TeamTabs } from "~/components/organizations/ui";
import { pageTitle } from "~/i18n/page-title";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { handleInviteAction } from "~/modules/organizations/invite-action.server";
import { INVITATION_TTL_DAYS } from "~/modules/organizations/invitations.server";
import { RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "invite") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await requireOrgMembership(request, params, ["org_admin"]);
  return { organization: { id: org.id, name: org.name }, ttlDays: INVITATION_TTL_DAYS };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const { status, result } = await handleInviteAction(request, org.id, user);
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
