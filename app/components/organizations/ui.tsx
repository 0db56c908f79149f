// Small pieces the organisation pages share: the criterion badge, dates in the reader's
// language, page-number navigation that works without JavaScript, and the company tabs.
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orgRoleValues } from "~/modules/organizations/roles";

export function useFormatDate() {
  const { i18n } = useTranslation();
  return (value: string | Date | null | undefined, withTime = false) => {
    if (!value) return "";
    const d = typeof value === "string" ? new Date(value) : value;
    return new Intl.DateTimeFormat(i18n.language, {
      dateStyle: "medium",
      ...(withTime ? { timeStyle: "short" } : {}),
      timeZone: "Europe/Stockholm",
    }).format(d);
  };
}

export type CriterionState = "met" | "expiring" | "not_met";

export function criterionState(met: boolean, expiring: boolean): CriterionState {
  if (!met) return "not_met";
  return expiring ? "expiring" : "met";
}

const badgeClass: Record<CriterionState, string> = {
  met: "bg-green-100 text-green-900 border border-green-700",
  expiring: "bg-amber-100 text-amber-900 border border-amber-700",
  not_met: "bg-red-100 text-red-900 border border-red-700",
};

export function CriterionBadge({ met, expiring }: { met: boolean; expiring: boolean }) {
  const { t } = useTranslation("organizations");
  const state = criterionState(met, expiring);
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${badgeClass[state]}`}>{t(`criterion.state.${state}`)}</span>;
}

/** Previous/next and "page x of y" links that keep the other query parameters. */
export function PageNav({ page, pages, param = "page", label }: { page: number; pages: number; param?: string; label?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={label ?? t("pagination.label")} className="mt-4 flex flex-wrap items-center gap-3">
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary py-1 text-sm" rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="btn-secondary py-1 text-sm" rel="next">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** The company pages' sub-navigation (people management only for company admins). */
export function TeamTabs({ orgId, isAdmin }: { orgId: string; isAdmin: boolean }) {
  const { t } = useTranslation("organizations");
  const { t: tb } = useTranslation("billing");
  const cls = ({ isActive }: { isActive: boolean }) =>
    `rounded px-3 py-1.5 no-underline ${isActive ? "bg-brand-100 font-semibold text-brand-800" : "text-slate-800 hover:bg-slate-100"}`;
  return (
    <nav aria-label={t("team.tabs.label")} className="mt-4 border-b border-slate-200 pb-2">
      <ul className="flex flex-wrap gap-2">
        <li>
          <NavLink to={`/team/${orgId}`} end className={cls}>
            {t("team.tabs.overview")}
          </NavLink>
        </li>
        {isAdmin ? (
          <>
            <li>
              <NavLink to={`/team/${orgId}/people`} className={cls}>
                {t("team.tabs.people")}
              </NavLink>
            </li>
            <li>
              <NavLink to={`/team/${orgId}/invite`} className={cls}>
                {t("team.tabs.invite")}
              </NavLink>
            </li>
            <li>
              <NavLink to={`/team/${orgId}/seats`} className={cls}>
                {tb("seats.tab")}
              </NavLink>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

/** A status line after a form post (announced to screen readers). */
export function Notice({ tone, children }: { tone: "success" | "error"; children: React.ReactNode }) {
  const cls = tone === "success" ? "border-green-700 bg-green-50 text-green-900" : "border-red-700 bg-red-50 text-red-900";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mt-4 rounded border p-3 ${cls}`}>
      {children}
    </div>
  );
}

/**
 * One checkbox per role (a person may hold several in one company), in a fieldset whose legend
 * names what is chosen. `idPrefix` keeps ids unique when a page has many.
 */
export function RoleCheckboxes({
  idPrefix,
  name,
  legend,
  defaultRoles,
  legendClassName = "label",
  describedBy,
}: {
  idPrefix: string;
  name: string;
  legend: string;
  defaultRoles: readonly string[];
  legendClassName?: string;
  describedBy?: string;
}) {
  const { t } = useTranslation("organizations");
  return (
    <fieldset aria-describedby={describedBy}>
      <legend className={legendClassName}>{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {orgRoleValues.map((r) => (
          <label key={r} htmlFor={`${idPrefix}-${r}`} className="inline-flex items-center gap-1">
            <input id={`${idPrefix}-${r}`} type="checkbox" name={name} value={r} defaultChecked={defaultRoles.includes(r)} />
            {t(`roles.${r}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The roles as words, joined ("Chef + Företagsadministratör"). */
export function useRoleNames() {
  const { t } = useTranslation("organizations");
  return (roles: readonly string[]) => roles.map((r) => t(`roles.${r}`)).join(" + ");
}

/** Filters a company's people by role: a GET form, so it works without JavaScript. */
export function RoleFilterForm({ id, roleFilter }: { id: string; roleFilter: string | null | undefined }) {
  const { t } = useTranslation("organizations");
  return (
    <Form method="get" className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={id} className="label">
          {t("team.people.filterRole")}
        </label>
        <select id={id} name="role" defaultValue={roleFilter ?? ""} className="input">
          <option value="">{t("team.people.allRoles")}</option>
          {orgRoleValues.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-secondary">
        {t("team.people.filter")}
      </button>
    </Form>
  );
}
