import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Kolla din e-post · KontaktAkademin" }];

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
