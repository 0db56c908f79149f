import type { MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootLoaderData } from "~/root";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["common"] };

export const meta: MetaFunction = () => [
  { title: "KontaktAkademin" },
  { name: "description", content: "Kontaktas utbildningsplattform för trygga kundkontakter." },
];

export default function Home() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<RootLoaderData>("root");
  return (
    <div>
      <section className="rounded-xl bg-brand-50 p-8">
        <h1>{t("home.title")}</h1>
        <p className="mt-4 max-w-2xl text-lg text-slate-800">{t("home.lead")}</p>
        <p className="mt-6 flex flex-wrap gap-3">
          <Link to="/courses" className="btn">
            {t("home.toCourses")}
          </Link>
          {root?.user ? (
            <Link to="/learning" className="btn-secondary">
              {t("home.toLearning")}
            </Link>
          ) : null}
        </p>
      </section>
      <section className="mt-10 grid gap-6 md:grid-cols-3">
        {(["forManagers", "forAgents", "forAdmins"] as const).map((key) => (
          <div key={key} className="card">
            <h2 className="text-xl">{t(`home.${key}`)}</h2>
            <p className="mt-2 text-slate-700">{t(`home.${key}Text`)}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
