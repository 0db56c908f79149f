// /admin: Kontakta's overview of every company and its trained-manager criterion status (met /
// expires within 60 days / not met), with search, filters and keyset pagination; links to the
// company pages, certificate revocation and the certification API's administration.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CriterionBadge } from "~/components/organizations/ui";
import { pageTitle } from "~/i18n/page-title";
import { requireRole } from "~/modules/auth/session.server";
import { criterionFilters } from "~/modules/organizations/criterion";
import { countCompaniesByCriterion, listCompaniesByCriterion } from "~/modules/organizations/criterion.server";
import { formatOrgNumber } from "~/modules/organizations/org-number";
import { DataTable, FilterSelect, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { withDomainErrors } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations", "privacy"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "admin") }];

const PAGE_SIZE = 50;

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

const querySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  status: z.enum(criterionFilters).catch("all"),
  country: z.enum(["SE", "FI"]).nullable().catch(null),
  membership: z.enum(["member", "non_member", "excluded"]).nullable().catch(null),
  cursor: z.string().max(1024).nullable().catch(null),
  dir: z.enum(["forward", "backward"]).catch("forward"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) || null;
  const query = querySchema.parse({
    q: get("q") ?? "",
    status: get("status"),
    country: get("country"),
    membership: get("membership"),
    cursor: get("cursor"),
    dir: get("dir"),
  });
  const filters = { search: query.q, country: query.country, membershipStatus: query.membership };
  const [page, counts] = await withDomainErrors(request, () =>
    Promise.all([
      listCompaniesByCriterion({
        ...filters,
        status: query.status,
        cursor: query.cursor,
        direction: query.dir,
        limit: PAGE_SIZE,
      }),
      countCompaniesByCriterion(filters),
    ]),
  );
  return {
    query,
    counts,
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    companies: page.items.map((c) => ({ ...c, orgNumberDisplay: formatOrgNumber(c.orgNumber, c.country) })),
  };
}

export default function AdminOverview() {
  const { query, counts, companies, nextCursor, prevCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation("organizations");
  const { t: tb } = useTranslation("billing");
  const formatDate = useFormatDateTime();
  const location = useLocation();
  const pageHref = (cursor: string, dir: "forward" | "backward") => {
    const params = new URLSearchParams(location.search);
    params.set("cursor", cursor);
    params.set("dir", dir);
    return `?${params.toString()}`;
  };
  const statusHref = (status: string) => {
    const params = new URLSearchParams(location.search);
    params.delete("cursor");
    params.delete("dir");
    if (status === "all") params.delete("status");
    else params.set("status", status);
    return `?${params.toString()}`;
  };
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1>{t("admin.title")}</h1>
        <p className="flex flex-wrap gap-3">
          <Link to="/admin/organizations/new" className="btn">
            {t("admin.newOrganization")}
          </Link>
        </p>
      </div>
      <nav aria-label={t("admin.toolsLabel")} className="mt-4">
        <ul className="flex flex-wrap gap-4">
          <li>
            <Link to="/admin/api">{t("admin.apiClients")}</Link>
          </li>
          <li>
            <Link to="/admin/api/requests">{t("admin.apiRequests")}</Link>
          </li>
          <li>
            <Link to="/admin/privacy">{t("privacy:meta.admin")}</Link>
          </li>
          <li>
            <Link to="/admin/billing">{tb("orders.adminTitle")}</Link>
          </li>
          <li>
            <Link to="/admin/billing/prices">{tb("prices.pricesLink")}</Link>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="summary-heading" className="mt-6">
        <h2 id="summary-heading" className="sr-only">
          {t("admin.summary")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-4">
          {(
            [
              ["all", counts.total],
              ["met", counts.met],
              ["expiring", counts.expiring],
              ["not_met", counts.notMet],
            ] as const
          ).map(([status, n]) => (
            <li key={status}>
              <Link
                to={statusHref(status)}
                className={`card block no-underline ${query.status === status ? "ring-2 ring-brand-700" : ""}`}
                aria-current={query.status === status ? "true" : undefined}
              >
                <span className="block text-3xl font-bold text-slate-900">{n}</span>
                <span className="text-slate-800">{t(`admin.filter.${status}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
        {counts.metNotMember > 0 ? (
          <p className="mt-3 font-semibold text-red-900">{t("admin.metNotMember", { count: counts.metNotMember })}</p>
        ) : null}
      </section>

      <Form
        method="get"
        className="mt-6 flex flex-wrap items-end gap-3"
        role="search"
        aria-label={t("admin.searchLabel")}
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="admin-q" className="label">
            {t("admin.search")}
          </label>
          <input id="admin-q" name="q" type="search" defaultValue={query.q} className="input" />
        </div>
        <FilterSelect
          id="admin-status"
          name="status"
          label={t("admin.criterion")}
          value={query.status}
          options={criterionFilters.map((s) => ({ value: s, label: t(`admin.filter.${s}`) }))}
        />
        <FilterSelect
          id="admin-country"
          name="country"
          label={t("org.country")}
          value={query.country}
          anyLabel={t("admin.allCountries")}
          options={(["SE", "FI"] as const).map((c) => ({ value: c, label: t(`countries.${c}`) }))}
        />
        <FilterSelect
          id="admin-membership"
          name="membership"
          label={t("org.membershipStatus")}
          value={query.membership}
          anyLabel={t("admin.allMemberships")}
          options={(["member", "non_member", "excluded"] as const).map((m) => ({
            value: m,
            label: t(`membershipStatus.${m}`),
          }))}
        />
        <button type="submit" className="btn">
          {t("admin.apply")}
        </button>
      </Form>

      <DataTable
        className="mt-6"
        caption={t("admin.tableCaption")}
        rows={companies}
        rowKey={(c) => c.id}
        empty={t("admin.noCompanies")}
        columns={[
          {
            key: "name",
            header: t("org.name"),
            rowHeader: true,
            cell: (c) => <Link to={`/admin/organizations/${c.id}`}>{c.name}</Link>,
          },
          {
            key: "orgNumber",
            header: t("org.orgNumber"),
            className: "whitespace-nowrap",
            cell: (c) => (
              <>
                {c.orgNumberDisplay} <span className="text-slate-700">({c.country})</span>
              </>
            ),
          },
          {
            key: "membership",
            header: t("org.membershipStatus"),
            cell: (c) => (
              <>
                <span className={c.membershipStatus === "member" ? undefined : "font-semibold text-red-900"}>
                  {t(`membershipStatus.${c.membershipStatus}`)}
                </span>
                {c.membership.exclusionDecidedAt ? (
                  <div className="text-sm">
                    {t("admin.exclusionDecided", { date: formatDate(c.membership.exclusionDecidedAt) })}
                  </div>
                ) : null}
                {c.membership.membershipEndedAt ? (
                  <div className="text-sm">
                    {t("admin.membershipEnded", { date: formatDate(c.membership.membershipEndedAt) })}
                  </div>
                ) : c.membership.memberSince ? (
                  <div className="text-sm text-slate-700">
                    {t("admin.membershipSince", { date: formatDate(c.membership.memberSince) })}
                  </div>
                ) : null}
              </>
            ),
          },
          { key: "criterion", header: t("admin.criterion"), cell: (c) => <CriterionBadge status={c.status} /> },
          {
            key: "validUntil",
            header: t("admin.validUntil"),
            cell: (c) => (c.met ? (c.validUntil ? formatDate(c.validUntil) : t("progress.noExpiry")) : "–"),
          },
          { key: "evidence", header: t("admin.evidenceCount"), numeric: true, cell: (c) => c.evidenceCount },
        ]}
      />
      <nav aria-label={t("admin.pages")} className="mt-4 flex gap-3">
        {prevCursor ? (
          <Link to={pageHref(prevCursor, "backward")} className="btn-secondary py-1 text-sm" rel="prev">
            {t("admin.previous")}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={pageHref(nextCursor, "forward")} className="btn-secondary py-1 text-sm" rel="next">
            {t("admin.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
