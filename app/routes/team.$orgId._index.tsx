// /team/:orgId: the team dashboard for the company's admins and managers: the trained-manager
// criterion and what it takes to meet it, courses, completions over time, and each person's
// progress and certificates (paginated), with a CSV export.
import { certificateStatus } from "~/modules/certificates/validity";
import { canFollowTeam } from "~/modules/organizations/roles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CriterionStatusLine, CriterionValidity, EvidenceTable } from "~/components/organizations/evidence-table";
import { OverdueList } from "~/components/assignments/OverdueList";
import { CompletionChart } from "~/components/organizations/completion-chart";
import { MemberName, RoleFilterForm, TeamTabs } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { pageParam, roleParam } from "~/modules/organizations/params";
import { overdueViews } from "~/modules/assignments/views.server";
import { getTeamDashboard } from "~/modules/organizations/team.server";
import { DataTable, PageNav, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.organization.name} · KontaktAkademin` : "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, membership } = await requireOrgMembership(request, params, ["org_admin", "manager"]);
  const url = new URL(request.url);
  const language = await getLanguage(request, user.locale);
  const dashboard = await getTeamDashboard(org.id, { language, page: pageParam(url), role: roleParam(url) });
  // The membership was just read with the session; the company cannot have vanished since.
  invariantResponse(dashboard, request);
  const companies = user.memberships.filter((m) => canFollowTeam(m.roles)).length;
  const overdue = await overdueViews(org.id, dashboard.organization.country, language);
  return {
    ...dashboard,
    overdue,
    isAdmin: membership.roles.includes("org_admin"),
    severalCompanies: companies > 1,
    roleFilter: roleParam(url),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Progress = Data["members"]["items"][number]["progress"][string];

function ProgressCell({ progress }: { progress: Progress | undefined }) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  if (!progress) return <span className="text-slate-700">–</span>;
  const cert = progress.certificate;
  return (
    <div>
      <span
        className={
          progress.state === "certified"
            ? "font-semibold text-green-900"
            : progress.state === "expired" || progress.state === "revoked"
              ? "font-semibold text-red-900"
              : ""
        }
      >
        {t(`progress.${progress.state}`)}
      </span>
      {progress.state === "in_progress" || progress.state === "not_started" || progress.state === "completed" ? (
        <div className="text-slate-700">
          {t("progress.lessons", { done: progress.lessonsDone, total: progress.lessonCount })}
        </div>
      ) : null}
      {cert ? (
        <div className="text-slate-700">
          {cert.number}
          <br />
          {cert.revokedAt
            ? t("progress.revokedOn", { date: formatDate(cert.revokedAt) })
            : cert.expiresAt
              ? t(certificateStatus(cert) === "expired" ? "progress.expiredOn" : "progress.validUntil", {
                  date: formatDate(cert.expiresAt),
                })
              : t("progress.noExpiry")}
          {cert.expiringSoon ? (
            <>
              {" "}
              <span className="badge bg-amber-100 text-amber-900">{t("progress.expiringSoon")}</span>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function CriterionSection({ data }: { data: Data }) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  const { criterion, guidance, isAdmin, organization } = data;
  const course = guidance.criterionCourse;
  const firstExpiry = criterion.evidence
    .map((e) => e.expiresAt)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return (
    <section aria-labelledby="criterion-heading" className="card mt-6">
      <h2 id="criterion-heading">{t("criterion.title")}</h2>
      <p className="mt-1 text-slate-700">{t("criterion.definition")}</p>
      <CriterionStatusLine criterion={criterion} className="mt-4" />
      <CriterionValidity criterion={criterion} />

      <h3 className="mt-6 text-lg">{t("criterion.needed")}</h3>
      {!course ? (
        <p className="mt-2">{t("criterion.noCourse")}</p>
      ) : (
        <div className="mt-2 space-y-3">
          {criterion.status === "met" ? (
            <p>
              {firstExpiry
                ? t("criterion.nothingNeededUntil", { date: formatDate(firstExpiry) })
                : t("criterion.nothingNeeded")}
            </p>
          ) : null}
          {criterion.status === "expiring" && criterion.validUntil ? (
            <p>{t("criterion.renew", { course: course.title, date: formatDate(criterion.validUntil) })}</p>
          ) : null}
          {!criterion.met && guidance.managerCount === 0 ? (
            <p>
              {t("criterion.noManagers")}{" "}
              {isAdmin ? (
                <Link to={`/team/${organization.id}/people`}>{t("criterion.toPeople")}</Link>
              ) : (
                t("criterion.askAdmin")
              )}
            </p>
          ) : null}
          {!criterion.met && guidance.managerCount > 0 ? (
            <p>{t("criterion.managersMustTake", { course: course.title, count: guidance.managerCount })}</p>
          ) : null}
          {!criterion.met && guidance.certifiedNonManagers.length > 0 ? (
            <div>
              <p>{t("criterion.certifiedNonManagers")}</p>
              <ul className="ml-6 list-disc">
                {guidance.certifiedNonManagers.map((p) => (
                  <li key={p.userId}>
                    {p.name ?? p.email} ({p.roles.map((r) => t(`roles.${r}`)).join(" + ")})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {guidance.managers.length > 0 && criterion.status !== "met" ? (
            <DataTable
              className="mt-2"
              caption={t("criterion.managersCaption", { course: course.title })}
              rows={guidance.managers}
              rowKey={(m) => m.userId}
              columns={[
                { key: "name", header: t("team.people.name"), rowHeader: true, cell: (m) => m.name ?? m.email },
                {
                  key: "progress",
                  header: course.title,
                  cell: (m) => <ProgressCell progress={m.progress ?? undefined} />,
                },
              ]}
            />
          ) : null}
        </div>
      )}

      {criterion.evidence.length > 0 ? (
        <>
          <h3 className="mt-6 text-lg">{t("criterion.evidence")}</h3>
          <EvidenceTable evidence={criterion.evidence} />
        </>
      ) : null}
    </section>
  );
}

export default function TeamDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("organizations");
  const { organization, courses, members, series, isAdmin, roleFilter } = data;
  return (
    <div>
      <p className="text-slate-700">
        {data.severalCompanies ? <Link to="/team">{t("team.switchCompany")}</Link> : null}
      </p>
      <h1>{organization.name}</h1>
      <p className="mt-1 text-slate-700">
        {t("org.orgNumber")}: {organization.orgNumberDisplay} · {t(`membershipStatus.${organization.membershipStatus}`)}
      </p>
      <TeamTabs orgId={organization.id} isAdmin={isAdmin} />

      <CriterionSection data={data} />

      <OverdueList orgId={organization.id} items={data.overdue.items} total={data.overdue.total} />

      <section aria-labelledby="courses-heading" className="mt-8">
        <h2 id="courses-heading">{t("team.courses.title")}</h2>
        <DataTable
          className="mt-3"
          caption={t("team.courses.title")}
          rows={courses}
          rowKey={(c) => c.slug}
          empty={t("team.courses.none")}
          columns={[
            {
              key: "course",
              header: t("team.courses.course"),
              rowHeader: true,
              cell: (c) => (
                <>
                  {c.title}{" "}
                  {c.criterionCourse ? <span className="badge">{t("team.courses.criterionCourse")}</span> : null}
                </>
              ),
            },
            { key: "lessons", header: t("team.courses.lessons"), numeric: true, cell: (c) => c.lessonCount },
            { key: "certified", header: t("team.courses.certified"), numeric: true, cell: (c) => c.certified },
            { key: "inProgress", header: t("team.courses.inProgress"), numeric: true, cell: (c) => c.inProgress },
          ]}
        />
      </section>

      <section aria-labelledby="chart-heading" className="mt-8">
        <h2 id="chart-heading">{t("team.chart.heading")}</h2>
        <p className="mt-1 text-slate-700">{t("team.chart.explain")}</p>
        <CompletionChart points={series} />
      </section>

      <section aria-labelledby="people-heading" className="mt-8">
        <h2 id="people-heading">{t("team.people.title", { count: members.total })}</h2>
        <div className="mt-3 flex flex-wrap items-end justify-between gap-4">
          <RoleFilterForm id="role-filter" roleFilter={roleFilter} />
          <p className="flex flex-wrap gap-3">
            <a href={`/team/${organization.id}/export.csv`} className="btn-secondary" download>
              {t("team.export.csv")}
            </a>
            <a href={`/team/${organization.id}/export.csv?delimiter=semicolon`} className="btn-secondary" download>
              {t("team.export.excel")}
            </a>
          </p>
        </div>
        <DataTable
          caption={t("team.people.caption")}
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
              cell: (m) => m.roles.map((r) => t(`roles.${r}`)).join(" + "),
            },
            ...courses.map((c) => ({
              key: `course-${c.slug}`,
              header: c.title,
              cell: (m: (typeof members.items)[number]) => <ProgressCell progress={m.progress[c.slug]} />,
            })),
          ]}
        />
        <PageNav page={members.page} pages={members.pages} label={t("team.people.pages")} />
      </section>
    </div>
  );
}
