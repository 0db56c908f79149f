// /certificates/:number: the holder's own certificate page (or a Kontakta admin's view of it):
// details, status, renewal hint, and the downloads (PDF, Open Badges 3.0 credential JSON).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert, StatusBadge, useCertificateDate } from "~/components/certificates/ui";
import { isPlatformAdmin, requireUser } from "~/modules/auth/session.server";
import { getCertificateDetail, numberFromParams, pageLanguage, pageTitle, verificationUrls } from "~/modules/certificates/certificates.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = numberFromParams(params, request);
  const language = await pageLanguage(request);
  const certificate = await getCertificateDetail(user, number, language);
  return {
    title: await pageTitle(language, "certificate", { number }),
    certificate,
    verifyUrl: verificationUrls(number).verifyUrl,
    isAdmin: isPlatformAdmin(user),
  };
}

export default function CertificatePage() {
  const { certificate: c, verifyUrl, isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useCertificateDate();
  return (
    <div className="max-w-3xl">
      <p>
        <Link to="/certificates">{t("mine.title")}</Link>
      </p>
      <h1 className="mt-2">{t("detail.title", { course: c.courseTitle })}</h1>
      {c.status === "revoked" ? <Alert tone="error">{t("detail.revokedNotice", { reason: c.revokedReason })}</Alert> : null}
      {c.status === "expired" ? <Alert tone="info">{t("detail.expiredRenew")}</Alert> : null}
      {c.status === "valid" && c.expiresAt ? <Alert tone="info">{t("detail.renew", { date: formatDate(c.expiresAt) })}</Alert> : null}

      <dl className="card mt-6 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("fields.status")}</dt>
        <dd>
          <StatusBadge status={c.status} />
        </dd>
        <dt className="font-semibold">{t("fields.number")}</dt>
        <dd className="font-mono">{c.number}</dd>
        <dt className="font-semibold">{t("fields.holder")}</dt>
        <dd>{c.holderName}</dd>
        <dt className="font-semibold">{t("fields.course")}</dt>
        <dd>
          <Link to={`/courses/${c.courseSlug}`}>{c.courseTitle}</Link>
        </dd>
        <dt className="font-semibold">{t("fields.contentVersion")}</dt>
        <dd>{c.contentVersion}</dd>
        <dt className="font-semibold">{t("fields.score")}</dt>
        <dd>{t("scorePercent", { score: c.scorePercent })}</dd>
        <dt className="font-semibold">{t("fields.issuedAt")}</dt>
        <dd>{formatDate(c.issuedAt)}</dd>
        <dt className="font-semibold">{t("fields.expiresAt")}</dt>
        <dd>{c.expiresAt ? formatDate(c.expiresAt) : t("fields.noExpiry")}</dd>
        {c.criterionCourse ? (
          <>
            <dt className="font-semibold">{t("fields.criterionCourse")}</dt>
            <dd>{t("fields.yes")}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="downloads-heading" className="mt-8">
        <h2 id="downloads-heading">{t("detail.downloads")}</h2>
        <ul className="mt-3 space-y-4">
          <li>
            <a href={`/certificates/${c.number}/pdf`} className="btn" download={`${c.number}.pdf`}>
              {t("detail.pdf")}
            </a>
            <p className="mt-1 text-sm text-slate-700">{t("detail.pdfHint")}</p>
          </li>
          <li>
            <a href={`/certificates/${c.number}/credential.json`} className="btn-secondary" download={`${c.number}.credential.json`}>
              {t("detail.credential")}
            </a>
            <p className="mt-1 text-sm text-slate-700">{t("detail.credentialHint")}</p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="share-heading" className="mt-8">
        <h2 id="share-heading">{t("detail.share")}</h2>
        <p className="mt-2">{t("detail.shareText")}</p>
        <p className="mt-1 break-all font-mono">
          <a href={verifyUrl}>{verifyUrl}</a>
        </p>
      </section>

      {isAdmin ? (
        <p className="mt-8">
          <Link to={`/admin/certificates/${c.number}`}>{t("detail.adminLink")}</Link>
        </p>
      ) : null}
    </div>
  );
}
