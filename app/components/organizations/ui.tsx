// Small pieces the organisation pages share: the criterion badge, the company tabs, role
// checkboxes and the role filter.
import { Form, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge, type StatusTone } from "~/components/ui";
import type { CriterionStatusValue } from "~/modules/organizations/criterion";
import { orgRoleValues } from "~/modules/organizations/roles";

const criterionTone: Record<CriterionStatusValue, StatusTone> = {
  met: "success",
  expiring: "warning",
  not_met: "danger",
};

export function CriterionBadge({ status }: { status: CriterionStatusValue }) {
  const { t } = useTranslation("organizations");
  return <StatusBadge tone={criterionTone[status]}>{t(`criterion.state.${status}`)}</StatusBadge>;
}

/** The company pages' sub-navigation (people management only for company admins). */
/** A member's name, with the address below it (only the address when there is no name). */
export function MemberName({ name, email }: { name: string | null; email: string }) {
  return (
    <>
      <span className="font-semibold">{name ?? email}</span>
      {name ? <div className="break-all text-slate-700">{email}</div> : null}
    </>
  );
}

export function TeamTabs({ orgId, isAdmin }: { orgId: string; isAdmin: boolean }) {
  const { t } = useTranslation("organizations");
  const { t: tb } = useTranslation("billing");
  const { t: ta } = useTranslation("assignments");
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
        {/* Course assignments: company admins and managers. */}
        <li>
          <NavLink to={`/team/${orgId}/assignments`} className={cls}>
            {ta("tab")}
          </NavLink>
        </li>
      </ul>
    </nav>
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
            <input
              id={`${idPrefix}-${r}`}
              type="checkbox"
              name={name}
              value={r}
              defaultChecked={defaultRoles.includes(r)}
            />
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
