// /admin/organizations/:orgId: one company for Kontakta: its details, the criterion status with
// the evidence (each certificate links to its revocation page), the criterion's history (when
// and why it changed), its people, and inviting people (e.g. the company's first admin).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CriterionStatusLine, CriterionValidity, EvidenceTable } from "~/components/organizations/evidence-table";
import { z } from "zod";
import { InviteForms, InviteReportView } from "~/components/organizations/invite-forms";
import { CriterionBadge } from "~/components/organizations/ui";
import { titlePhrase } from "~/i18n/page-title";
import { requireRole } from "~/modules/auth/session.server";
import { getCriterionStatus, listCriterionEvents } from "~/modules/organizations/criterion.server";
import { EXPIRY_WARNING_DAYS } from "~/modules/organizations/criterion";
import { handleInviteAction } from "~/modules/organizations/invite-action.server";
import { listOpenInvitations } from "~/modules/organizations/invitations.server";
import { listMembers } from "~/modules/organizations/memberships.server";
import { getOrganization } from "~/modules/organizations/organizations.server";
import { orgParamsSchema, pageParam } from "~/modules/organizations/params";
import { DataTable, Notice, PageNav, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { invariantResponse, parseParams, withDomainErrors } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.organization.name} · ${titlePhrase(matches, "admin")}` : "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const { orgId } = parseParams(request, params, orgParamsSchema);
  const url = new URL(request.url);
  const organization = await getOrganization(orgId);
  invariantResponse(organization, request);
  const historyCursor = z
    .string()
    .max(1024)
    .nullable()
    .catch(null)
    .parse(url.searchParams.get("history") || null);
  const [criterion, history, members, invitations] = await withDomainErrors(request, () =>
    Promise.all([
      getCriterionStatus(orgId),
      listCriterionEvents(orgId, { cursor: historyCursor, limit: 20 }),
      listMembers(orgId, { page: pageParam(url) }),
      listOpenInvitations(orgId, { pageSize: 1 }),
    ]),
  );
  return {
    organization,
    criterion: criterion!,
    history,
    members,
    openInvitations: invitations.total,
    historyPaged: Boolean(historyCursor),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const { orgId } = parseParams(request, params, orgParamsSchema);
  invariantResponse(await getOrganization(orgId), request);
  const { status, result } = await handleInviteAction(request, orgId, user);
  return data(result, { status });
}

export default function AdminOrganization() {
  const {
    organization: org,
    criterion,
    history,
    members,
    openInvitations,
    historyPaged,
  } = useLoaderData<typeof loader>();
  const inviteResult = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const historyHref = (cursor: string | null) => {
    const params = new URLSearchParams(location.search);
    if (cursor) params.set("history", cursor);
    else params.delete("history");
    return `?${params.toString()}#history-heading`;
  };
  return (
    <div>
      <p>
        <Link to="/admin">{t("admin.back")}</Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
        <h1>{org.name}</h1>
        <Link to={`/admin/organizations/${org.id}/edit`} className="btn-secondary">
          {t("admin.edit")}
        </Link>
      </div>
      {searchParams.get("notice") === "saved" ? <Notice tone="success">{t("admin.saved")}</Notice> : null}

      <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("org.orgNumber")}</dt>
        <dd>
          {org.orgNumberDisplay} ({t(`countries.${org.country}`)})
        </dd>
        <dt className="font-semibold">{t("org.membershipStatus")}</dt>
        <dd>
          {t(`membershipStatus.${org.membershipStatus}`)}
          {org.memberSince ? ` · ${t("admin.membershipSince", { date: formatDate(org.memberSince) })}` : ""}
          {org.membershipEndedAt ? ` · ${t("admin.membershipEnded", { date: formatDate(org.membershipEndedAt) })}` : ""}
          {org.exclusionDecidedAt
            ? ` · ${t("admin.exclusionDecided", { date: formatDate(org.exclusionDecidedAt) })}`
            : ""}
        </dd>
        <dt className="font-semibold">{t("admin.people")}</dt>
        <dd>
          {t("admin.peopleCounts", {
            managers: org.people.manager,
            agents: org.people.agent,
            admins: org.people.org_admin,
            invitations: openInvitations,
          })}
        </dd>
      </dl>

      <section aria-labelledby="criterion-heading" className="card mt-6">
        <h2 id="criterion-heading">{t("criterion.title")}</h2>
        <CriterionStatusLine criterion={criterion} className="mt-3" />
        <CriterionValidity criterion={criterion} />
        <h3 className="mt-6 text-lg">{t("criterion.evidence")}</h3>
        {criterion.evidence.length === 0 ? (
          <p className="mt-2">{t("admin.noEvidence")}</p>
        ) : (
          <EvidenceTable
            evidence={criterion.evidence}
            certificateHref={(number) => `/admin/certificates/${encodeURIComponent(number)}`}
          />
        )}
      </section>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading">{t("history.title")}</h2>
        <p className="mt-1 text-slate-700">{t("history.explain")}</p>
        <DataTable
          caption={t("history.title")}
          className="mt-3"
          rows={history.items}
          rowKey={(e) => e.id}
          empty={t("history.none")}
          columns={[
            {
              key: "when",
              header: t("history.when"),
              rowHeader: true,
              className: "sm:whitespace-nowrap",
              cell: (e) => formatDate(e.occurredAt, "dateTime"),
            },
            {
              key: "status",
              header: t("history.status"),
              cell: (e) =>
                e.kind === "membership" && e.membershipStatus ? (
                  <span className="font-semibold">
                    {t("history.standing", {
                      from: e.previousMembershipStatus ? t(`membershipStatus.${e.previousMembershipStatus}`) : "–",
                      to: t(`membershipStatus.${e.membershipStatus}`),
                    })}
                  </span>
                ) : (
                  <CriterionBadge status={e.status} />
                ),
            },
            {
              key: "cause",
              header: t("history.cause"),
              cell: (e) => (
                <>
                  {t(`causes.${e.cause}`, { defaultValue: e.cause, days: EXPIRY_WARNING_DAYS })}
                  {e.certificate?.number ? (
                    <>
                      {" "}
                      <Link to={`/admin/certificates/${encodeURIComponent(e.certificate.number)}`}>
                        {e.certificate.number}
                      </Link>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              key: "person",
              header: t("history.person"),
              className: "break-words",
              cell: (e) => (e.user ? (e.user.name ?? e.user.email) : "–"),
            },
            {
              key: "by",
              header: t("history.by"),
              className: "break-words",
              cell: (e) => (e.actor ? (e.actor.name ?? e.actor.email) : t("history.system")),
            },
          ]}
        />
        <nav aria-label={t("history.pages")} className="mt-3 flex gap-3">
          {historyPaged ? (
            <Link to={historyHref(null)} className="btn-secondary py-1 text-sm">
              {t("history.newest")}
            </Link>
          ) : null}
          {history.nextCursor ? (
            <Link to={historyHref(history.nextCursor)} className="btn-secondary py-1 text-sm" rel="next">
              {t("history.older")}
            </Link>
          ) : null}
        </nav>
      </section>

      <section aria-labelledby="members-heading" className="mt-8">
        <h2 id="members-heading">{t("people.members", { count: members.total })}</h2>
        <DataTable
          caption={t("people.membersCaption")}
          className="mt-3"
          rows={members.items}
          rowKey={(m) => m.membershipId}
          empty={t("team.people.none")}
          columns={[
            { key: "name", header: t("team.people.name"), rowHeader: true, cell: (m) => m.name ?? "–" },
            { key: "email", header: t("people.email"), className: "break-all", cell: (m) => m.email },
            {
              key: "role",
              header: t("team.people.role"),
              cell: (m) => m.roles.map((r) => t(`roles.${r}`)).join(" + "),
            },
            { key: "since", header: t("people.since"), cell: (m) => formatDate(m.since) },
          ]}
        />
        <PageNav page={members.page} pages={members.pages} label={t("people.membersPages")} />
      </section>

      <section aria-labelledby="admin-invite-heading" className="mt-10">
        <h2 id="admin-invite-heading">{t("admin.inviteTitle")}</h2>
        <p className="mt-1 text-slate-700">{t("admin.inviteExplain")}</p>
        {inviteResult ? <InviteReportView result={inviteResult} headingLevel={3} /> : null}
        <InviteForms defaultRole="org_admin" headingLevel={3} />
      </section>
    </div>
  );
}
