// /team/:orgId/people: the company admin manages people: set roles (several per person), remove (with a
// confirmation page), and follow up open invitations (send again, withdraw).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MemberName, RoleCheckboxes, RoleFilterForm, TeamTabs, useRoleNames } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { invitationMailLimiter } from "~/modules/organizations/invite-action.server";
import { listOpenInvitations, resendInvitation, revokeInvitation } from "~/modules/organizations/invitations.server";
import { listMembers, setRoles } from "~/modules/organizations/memberships.server";
import { pageParam, roleParam } from "~/modules/organizations/params";
import { orgRoleValues } from "~/modules/organizations/roles";
import { readFormData } from "~/utils/form.server";
import { DataTable, Notice, PageNav, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "people") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await requireOrgMembership(request, params, ["org_admin"]);
  const url = new URL(request.url);
  const [members, invitations] = await Promise.all([
    listMembers(org.id, { page: pageParam(url), role: roleParam(url) }),
    listOpenInvitations(org.id, { page: pageParam(url, "ipage") }),
  ]);
  return { organization: { id: org.id, name: org.name }, members, invitations, roleFilter: roleParam(url) };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

const actionSchema = z.discriminatedUnion("intent", [
  // The person's whole role set (checkboxes named "roles"); an empty set is refused as no_roles.
  z.object({
    intent: z.literal("setRoles"),
    membershipId: z.string().min(1).max(64),
    roles: z.array(z.enum(orgRoleValues)).max(orgRoleValues.length),
  }),
  z.object({ intent: z.literal("revokeInvitation"), invitationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("resendInvitation"), invitationId: z.string().min(1).max(64) }),
]);

export type PeopleActionResult = { ok: boolean; message: string; email?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const orgId = org.id;
  const form = await readFormData(request);
  const parsed = actionSchema.safeParse({ ...Object.fromEntries(form), roles: form.getAll("roles") });
  if (!parsed.success) return data<PeopleActionResult>({ ok: false, message: "badRequest" }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "setRoles") {
    const result = await setRoles({
      organizationId: orgId,
      membershipId: input.membershipId,
      roles: input.roles,
      actorId: user.id,
    });
    if (result.ok)
      return data<PeopleActionResult>({
        ok: true,
        message: result.criterionChanged ? "roleChangedCriterion" : "roleChanged",
      });
    return data<PeopleActionResult>(
      { ok: false, message: result.error },
      { status: result.error === "not_found" ? 404 : result.error === "no_roles" ? 400 : 409 },
    );
  }
  if (input.intent === "revokeInvitation") {
    const ok = await revokeInvitation(orgId, input.invitationId);
    return data<PeopleActionResult>(
      { ok, message: ok ? "invitationRevoked" : "not_found" },
      { status: ok ? 200 : 404 },
    );
  }
  const allowance = await invitationMailLimiter.consume(orgId);
  if (!allowance.allowed) return data<PeopleActionResult>({ ok: false, message: "rateLimited" }, { status: 429 });
  const language = await getLanguage(request, user.locale);
  const result = await resendInvitation({
    organizationId: orgId,
    invitationId: input.invitationId,
    invitedBy: user,
    language,
  });
  if (!result.ok) return data<PeopleActionResult>({ ok: false, message: "not_found" }, { status: 404 });
  // The new link's mail is queued with it (mail outbox): sent within moments, or retried.
  return data<PeopleActionResult>({ ok: true, message: "invitationResent", email: result.email });
}

export default function People() {
  const { organization, members, invitations, roleFilter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  const roleNames = useRoleNames();
  const removed = searchParams.get("notice") === "removed";
  return (
    <div>
      <h1>{t("people.title", { organization: organization.name })}</h1>
      <TeamTabs orgId={organization.id} isAdmin />
      {actionData ? (
        <Notice tone={actionData.ok ? "success" : "error"}>
          {t(`people.messages.${actionData.message}`, { email: actionData.email ?? "" })}
        </Notice>
      ) : removed ? (
        <Notice tone="success">{t("people.messages.removed")}</Notice>
      ) : null}

      <section aria-labelledby="members-heading" className="mt-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h2 id="members-heading">{t("people.members", { count: members.total })}</h2>
          <RoleFilterForm id="people-role-filter" roleFilter={roleFilter} />
        </div>
        <p className="mt-2 text-slate-700">{t("people.rolesExplained")}</p>
        <DataTable
          caption={t("people.membersCaption")}
          rows={members.items}
          rowKey={(m) => m.membershipId}
          empty={t("team.people.none")}
          columns={[
            {
              key: "name",
              header: t("team.people.name"),
              rowHeader: true,
              cell: (m) => <MemberName name={m.name} email={m.email} />,
            },
            {
              key: "roles",
              header: t("team.people.role"),
              cell: (m) => (
                <Form method="post" className="flex flex-wrap items-center gap-2">
                  <input type="hidden" name="intent" value="setRoles" />
                  <input type="hidden" name="membershipId" value={m.membershipId} />
                  <RoleCheckboxes
                    idPrefix={`role-${m.membershipId}`}
                    name="roles"
                    legend={t("people.roleFor", { name: m.name ?? m.email })}
                    legendClassName="sr-only"
                    defaultRoles={m.roles}
                  />
                  <button type="submit" className="btn-secondary py-1 text-sm">
                    {t("people.saveRole")}
                    <span className="sr-only"> {t("people.forPerson", { name: m.name ?? m.email })}</span>
                  </button>
                </Form>
              ),
            },
            { key: "since", header: t("people.since"), cell: (m) => formatDate(m.since) },
            {
              key: "actions",
              header: t("people.actions"),
              headerHidden: true,
              cell: (m) => (
                <Link to={`/team/${organization.id}/people/${m.membershipId}/remove`} className="text-red-800">
                  {t("people.remove")}
                  <span className="sr-only"> {m.name ?? m.email}</span>
                </Link>
              ),
            },
          ]}
        />
        <PageNav page={members.page} pages={members.pages} label={t("people.membersPages")} />
      </section>

      <section aria-labelledby="invitations-heading" className="mt-10">
        <div className="flex flex-wrap items-center justify-between gap-4">
          <h2 id="invitations-heading">{t("people.invitations", { count: invitations.total })}</h2>
          <Link to={`/team/${organization.id}/invite`} className="btn">
            {t("people.inviteMore")}
          </Link>
        </div>
        <DataTable
          caption={t("people.invitationsCaption")}
          rows={invitations.items}
          rowKey={(inv) => inv.id}
          empty={t("people.noInvitations")}
          columns={[
            {
              key: "email",
              header: t("people.email"),
              rowHeader: true,
              cell: (inv) => (
                <>
                  <span className="break-all">{inv.email}</span>
                  {inv.name ? <div className="text-slate-700">{inv.name}</div> : null}
                </>
              ),
            },
            { key: "roles", header: t("team.people.role"), cell: (inv) => roleNames(inv.roles) },
            {
              key: "state",
              header: t("people.state"),
              cell: (inv) => (
                <>
                  {inv.state === "expired"
                    ? t("people.expiredOn", { date: formatDate(inv.expiresAt, "dateTime") })
                    : t("people.pendingUntil", { date: formatDate(inv.expiresAt, "dateTime") })}
                  {inv.mail ? (
                    <div className={inv.mail.status === "failed" ? "font-semibold text-red-900" : "text-slate-700"}>
                      {t(`people.mail.${inv.mail.status}`, {
                        date: inv.mail.sentAt ? formatDate(inv.mail.sentAt, "dateTime") : "",
                      })}
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              key: "actions",
              header: t("people.actions"),
              headerHidden: true,
              cell: (inv) => (
                <div className="flex flex-wrap gap-2">
                  <Form method="post">
                    <input type="hidden" name="intent" value="resendInvitation" />
                    <input type="hidden" name="invitationId" value={inv.id} />
                    <button type="submit" className="btn-secondary py-1 text-sm">
                      {t("people.resend")}
                      <span className="sr-only"> {inv.email}</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revokeInvitation" />
                    <input type="hidden" name="invitationId" value={inv.id} />
                    <button type="submit" className="btn-secondary py-1 text-sm">
                      {t("people.revoke")}
                      <span className="sr-only"> {inv.email}</span>
                    </button>
                  </Form>
                </div>
              ),
            },
          ]}
        />
        <PageNav page={invitations.page} pages={invitations.pages} param="ipage" label={t("people.invitationsPages")} />
      </section>
    </div>
  );
}
