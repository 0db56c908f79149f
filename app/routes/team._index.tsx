// /team: the companies whose team the user may follow (company admin or manager). One company
// goes straight to its dashboard; several get a choice.
import { canFollowTeam } from "~/modules/organizations/roles";
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { requireUser } from "~/modules/auth/session.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "myCompany") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const companies = user.memberships.filter((m) => canFollowTeam(m.roles));
  if (companies.length === 1) throw redirect(`/team/${companies[0]!.organizationId}`);
  return {
    companies: companies.map((c) => ({ id: c.organizationId, name: c.organizationName, roles: c.roles })),
    isPlatformAdmin: user.platformRole === "admin",
  };
}

export default function TeamIndex() {
  const { companies, isPlatformAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation("organizations");
  return (
    <div>
      <h1>{t("team.chooseTitle")}</h1>
      {companies.length === 0 ? (
        <p className="mt-4">
          {t("team.noCompanies")} {isPlatformAdmin ? <Link to="/admin">{t("team.toAdmin")}</Link> : null}
        </p>
      ) : (
        <ul className="mt-6 grid gap-4 md:grid-cols-2">
          {companies.map((c) => (
            <li key={c.id} className="card">
              <h2 className="text-xl">
                <Link to={`/team/${c.id}`}>{c.name}</Link>
              </h2>
              <p className="mt-1 text-slate-700">{c.roles.map((r) => t(`roles.${r}`)).join(" + ")}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
