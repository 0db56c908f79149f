// /privacy: the privacy notice (sv/en/fi), linked from every page's footer. Who is controller for
// what (docs/decisions/017), what is kept and for how long (rendered from the retention table the
// retention job enforces), the legal bases, and how to export or erase one's data.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { KeptWhileNeeded, RetentionTable } from "~/components/privacy/retention-table";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { Notice } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["privacy"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const t = await getFixedT(await getLanguage(request, user?.locale));
  return {
    title: `${t("privacy:meta.notice")} · KontaktAkademin`,
    erased: new URL(request.url).searchParams.get("erased") === "1",
  };
}

export default function PrivacyNotice() {
  const { erased } = useLoaderData<typeof loader>();
  const { t } = useTranslation("privacy");
  return (
    <div className="mx-auto max-w-3xl">
      <h1>{t("notice.title")}</h1>
      {erased ? <Notice tone="success">{t("notice.erased")}</Notice> : null}
      <p className="mt-4">{t("notice.intro")}</p>

      <h2 className="mt-8">{t("notice.controllerTitle")}</h2>
      <p className="mt-3">{t("notice.controllerKontakta")}</p>
      <p className="mt-3">{t("notice.controllerCompanies")}</p>

      <h2 className="mt-8">{t("notice.whatTitle")}</h2>
      <p className="mt-3">{t("notice.whatIntro")}</p>
      <RetentionTable />
      <h3 className="mt-6">{t("notice.keptTitle")}</h3>
      <p className="mt-2">{t("notice.keptIntro")}</p>
      <KeptWhileNeeded />

      <h2 className="mt-8">{t("notice.whyTitle")}</h2>
      <p className="mt-3">{t("notice.why")}</p>

      <h2 className="mt-8">{t("notice.rightsTitle")}</h2>
      <p className="mt-3">
        <Link to="/profile#your-data">{t("notice.rightsExport")}</Link>
      </p>
      <p className="mt-3">{t("notice.rightsErase")}</p>
      <p className="mt-3">{t("notice.rightsErasureKeeps")}</p>
      <p className="mt-3">{t("notice.rightsStaff")}</p>
      <p className="mt-3">{t("notice.complaint")}</p>
    </div>
  );
}
