import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import type { I18nHandle } from "~/i18n/route-namespaces";

// This page renders with `common` only (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: [] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "checkEmail") }];

export default function CheckEmail() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-md">
      <h1>{t("login.checkEmailTitle")}</h1>
      <p className="mt-4 text-lg" role="status">
        {t("login.checkEmail")}
      </p>
    </div>
  );
}
