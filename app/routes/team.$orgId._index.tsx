// /team/:orgId: the team dashboard for the company's admins and managers: the trained-manager
// criterion and what it takes to meet it, courses, completions over time, and each person's
// progress and certificates (paginated), with a CSV export.
import { canFollowTeam } from "~/modules/organizations/roles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CriterionStatusLine, EvidenceTable } from "~/components/organizations/evidence-table";
import { CompletionChart } from "~/components/organizations/completion-chart";
import { PageNav, RoleFilterForm, TeamTabs, useFormatDate } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { requireOrgRole } from "~/modules/auth/session.server";
import { pageParam, requireId, roleParam } from "~/modules/organizations/params";
import { getTeamDashboard } from "~/modules/organizations/team.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.organization.name ?? ""} · KontaktAkademin` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = requireId(params.orgId);
  const { user, roles } = await requireOrgRole(request, orgId, ["org_admin", "manager"]);
  const url = new URL(request.url);
  const language = await getLanguage(request, user.locale);
  const dashboard = await getTeamDashboard(orgId, { language, page: pageParam(url), role: roleParam(url) });
  if (!dashboard) throw new Response("Not Found", { status: 404 });
  const companies = user.memberships.filter((m) => canFollowTeam(m.roles)).length;
  return { ...dashboard, isAdmin: roles.includes("org_admin"), severalCompanies: companies > 1, roleFilter: roleParam(url) };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Progress = Data["members"]["items"][number]["progress"][string];

function ProgressCell({ progress }: { progress: Progress | undefined }) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDate();
  if (!progress) return <span className="text-slate-700">–</span>;
  const cert = progress.certificate;
  return (
    <div>
      <span className={progress.state === "certified" ? "font-semibold text-green-900" : progress.state === "expired" || progress.state === "revoked" ? "font-semibold text-red-900" : ""}>
        {t(`progress.${progress.state}`)}
      </span>
      {progress.state === "in_progress" || progress.state === "not_started" || progress.state === "completed" ? (
        <div className="text-slate-700">{t("progress.lessons", { done: progress.lessonsDone, total: progress.lessonCount })}</div>
      ) : null}
      {cert ? (
        <div className="text-slate-700">
          {cert.number}
          <br />
          {cert.revokedAt
            ? t("progress.revokedOn", { date: formatDate(cert.revokedAt) })
            : cert.expiresAt
              ? t(new Date(cert.expiresAt) < new Date() ? "progress.expiredOn" : "progress.validUntil", { date: formatDate(cert.expiresAt) })
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
  const formatDate = useFormatDate();
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
      {criterion.met ? (
        <p className="mt-2">
          {criterion.validUntil ? t("criterion.validUntil", { date: formatDate(criterion.validUntil) }) : t("criterion.validNoExpiry")}
        </p>
      ) : null}

      <h3 className="mt-6 text-lg">{t("criterion.needed")}</h3>
      {!course ? (
        <p className="mt-2">{t("criterion.noCourse")}</p>
      ) : (
        <div className="mt-2 space-y-3">
          {criterion.met && !criterion.expiringWithin60Days ? (
            <p>{firstExpiry ? t("criterion.nothingNeededUntil", { date: formatDate(firstExpiry) }) : t("criterion.nothingNeeded")}</p>
          ) : null}
          {criterion.expiringWithin60Days && criterion.validUntil ? (
            <p>{t("criterion.renew", { course: course.title, date: formatDate(criterion.validUntil) })}</p>
          ) : null}
          {!criterion.met && guidance.managerCount === 0 ? (
            <p>
              {t("criterion.noManagers")}{" "}
              {isAdmin ? <Link to={`/team/${organization.id}/people`}>{t("criterion.toPeople")}</Link> : t("criterion.askAdmin")}
            </p>
          ) : null}
          {!criterion.met && guidance.managerCount > 0 ? <p>{t("criterion.managersMustTake", { course: course.title, count: guidance.managerCount })}</p> : null}
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
          {guidance.managers.length > 0 && (!criterion.met || criterion.expiringWithin60Days) ? (
            <table className="table mt-2">
              <caption className="sr-only">{t("criterion.managersCaption", { course: course.title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("team.people.name")}</th>
                  <th scope="col">{course.title}</th>
                </tr>
              </thead>
              <tbody>
                {guidance.managers.map((m) => (
                  <tr key={m.userId}>
                    <th scope="row" className="border-b border-slate-200 font-normal">
                      {m.name ?? m.email}
                    </th>
                    <td>
                      <ProgressCell progress={m.progress ?? undefined} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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

      <section aria-labelledby="courses-heading" className="mt-8">
        <h2 id="courses-heading">{t("team.courses.title")}</h2>
        {courses.length === 0 ? (
          <p className="mt-2">{t("team.courses.none")}</p>
        ) : (
          <table className="table mt-3">
            <caption className="sr-only">{t("team.courses.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("team.courses.course")}</th>
                <th scope="col">{t("team.courses.lessons")}</th>
                <th scope="col">{t("team.courses.certified")}</th>
                <th scope="col">{t("team.courses.inProgress")}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.slug}>
                  <th scope="row" className="border-b border-slate-200 font-normal">
                    {c.title} {c.criterionCourse ? <span className="badge">{t("team.courses.criterionCourse")}</span> : null}
                  </th>
                  <td>{c.lessonCount}</td>
                  <td>{c.certified}</td>
                  <td>{c.inProgress}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
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
        {members.items.length === 0 ? (
          <p className="mt-4">{t("team.people.none")}</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="table">
              <caption className="sr-only">{t("team.people.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("team.people.name")}</th>
                  <th scope="col">{t("team.people.role")}</th>
                  {courses.map((c) => (
                    <th key={c.slug} scope="col">
                      {c.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {members.items.map((m) => (
                  <tr key={m.membershipId}>
                    <th scope="row" className="border-b border-slate-200 font-normal">
                      <span className="font-semibold">{m.name ?? m.email}</span>
                      {m.name ? <div className="text-slate-700">{m.email}</div> : null}
                    </th>
                    <td>{m.roles.map((r) => t(`roles.${r}`)).join(" + ")}</td>
                    {courses.map((c) => (
                      <td key={c.slug}>
                        <ProgressCell progress={m.progress[c.slug]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PageNav page={members.page} pages={members.pages} label={t("team.people.pages")} />
      </section>
    </div>
  );
}
