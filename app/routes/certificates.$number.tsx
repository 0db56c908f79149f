// /certificates/:number: the holder's own certificate page (or a Kontakta admin's view of it):
// details, status, renewal hint, the downloads (PDF, Open Badges 3.0 credential JSON) and sharing
// (the verification link with a copy button, LinkedIn's add-to-profile link).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ShareLink } from "~/components/certificates/share-link";
import { CertificateStatusBadge } from "~/components/certificates/ui";
import { FactList, Notice, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { isPlatformAdmin, requireUser } from "~/modules/auth/session.server";
import { getCertificateDetail, verificationUrls } from "~/modules/certificates/certificates.server";
import { canonicalNumberOf } from "~/modules/certificates/number";
import { canonicalParam, withDomainErrors } from "~/utils/http.server";
import { linkedInAddToProfileUrl } from "~/modules/certificates/share";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const number = canonicalParam(request, params.number, canonicalNumberOf);
  const language = await getLanguage(request, user.locale);
  const certificate = await withDomainErrors(request, () => getCertificateDetail(user, number, language));
  const { verifyUrl } = verificationUrls(number);
  return {
    title: await loaderPageTitle(language, "certificates:meta.certificate", { number }),
    certificate,
    verifyUrl,
    // A revoked certificate is not offered for a profile; an expired one still is (LinkedIn shows it as expired).
    linkedInUrl:
      certificate.status === "revoked"
        ? null
        : linkedInAddToProfileUrl({
            name: certificate.courseTitle,
            issuedAt: certificate.issuedAt,
            expiresAt: certificate.expiresAt,
            certId: certificate.number,
            certUrl: verifyUrl,
          }),
    isAdmin: isPlatformAdmin(user),
  };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export default function CertificatePage() {
  const { certificate: c, verifyUrl, linkedInUrl, isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useFormatDateTime();
  return (
    <div className="max-w-3xl">
      <p>
        <Link to="/certificates">{t("mine.title")}</Link>
      </p>
      <h1 className="mt-2">{t("detail.title", { course: c.courseTitle })}</h1>
      {c.status === "revoked" ? (
        <Notice tone="error">{t("detail.revokedNotice", { reason: c.revokedReason })}</Notice>
      ) : null}
      {c.status === "expired" ? <Notice tone="info">{t("detail.expiredRenew")}</Notice> : null}
      {c.status === "valid" && c.expiresAt ? (
        <Notice tone="info">{t("detail.renew", { date: formatDate(c.expiresAt, "longDate") })}</Notice>
      ) : null}

      <FactList
        className="card mt-6"
        facts={[
          { label: t("fields.status"), value: <CertificateStatusBadge status={c.status} /> },
          { label: t("fields.number"), value: c.number, valueClassName: "font-mono" },
          { label: t("fields.holder"), value: c.holderName },
          { label: t("fields.course"), value: <Link to={`/courses/${c.courseSlug}`}>{c.courseTitle}</Link> },
          { label: t("fields.contentVersion"), value: c.contentVersion },
          { label: t("fields.score"), value: t("scorePercent", { score: c.scorePercent }) },
          { label: t("fields.issuedAt"), value: formatDate(c.issuedAt, "longDate") },
          {
            label: t("fields.expiresAt"),
            value: c.expiresAt ? formatDate(c.expiresAt, "longDate") : t("fields.noExpiry"),
          },
          c.criterionCourse && { label: t("fields.criterionCourse"), value: t("fields.yes") },
        ]}
      />

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
            <a
              href={`/certificates/${c.number}/credential.json`}
              className="btn-secondary"
              download={`${c.number}.credential.json`}
            >
              {t("detail.credential")}
            </a>
            <p className="mt-1 text-sm text-slate-700">{t("detail.credentialHint")}</p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="share-heading" className="mt-8">
        <h2 id="share-heading">{t("detail.share")}</h2>
        <p className="mt-2">{t("detail.shareText")}</p>
        <ShareLink url={verifyUrl} />
        {linkedInUrl ? (
          <div className="mt-4">
            <a href={linkedInUrl} className="btn-secondary" rel="noopener noreferrer">
              {t("detail.linkedIn")}
            </a>
            <p className="mt-1 text-sm text-slate-700">{t("detail.linkedInHint")}</p>
          </div>
        ) : null}
        <p className="mt-4 text-sm text-slate-700">{t("detail.credentialShare")}</p>
      </section>

      {isAdmin ? (
        <p className="mt-8">
          <Link to={`/admin/certificates/${c.number}`}>{t("detail.adminLink")}</Link>
        </p>
      ) : null}
    </div>
  );
}
