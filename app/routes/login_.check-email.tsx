import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";

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
