// /verify/:number: the public verification page a certificate's QR code opens. Valid, expired or
// revoked (with the reason), with only the personal data needed: name, course and dates.
// Lookups are rate-limited per client; never indexed. A found certificate's page is kept by the
// public page cache (ADR 028) until its content changes (a write to the certificates, or its expiry).
import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateStatusBadge } from "~/components/certificates/ui";
import { VerifyForm } from "~/components/certificates/verify-form";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { getPublicVerification, verifyLookupLimiter } from "~/modules/certificates/certificates.server";
import { parseNumber } from "~/modules/certificates/number";
import { FactList, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
  { name: "robots", content: "noindex" },
];

const privateHeaders = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

/** The page itself carries the loader's no-store / noindex / Retry-After headers. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const raw = (params.number ?? "").slice(0, 100);
  const user = await getOptionalUser(request);
  const language = await getLanguage(request, user?.locale);
  const parsed = parseNumber(raw);
  if (!parsed.ok)
    return data(
      {
        kind: "invalid" as const,
        title: await loaderPageTitle(language, "certificates:meta.verify"),
        reason: parsed.reason,
        value: raw,
      },
      { status: 400, headers: privateHeaders },
    );
  if (parsed.number !== raw) throw redirect(`/verify/${parsed.number}`);
  const title = await loaderPageTitle(language, "certificates:meta.verifyResult", { number: parsed.number });
  const limit = await verifyLookupLimiter.consume(context.clientIp);
  if (!limit.allowed) {
    return data(
      { kind: "rateLimited" as const, title, seconds: limit.retryAfterSeconds, value: parsed.number },
      { status: 429, headers: { ...privateHeaders, "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const verification = await getPublicVerification(parsed.number, language);
  if (!verification)
    return data(
      { kind: "notFound" as const, title, number: parsed.number, value: parsed.number },
      { status: 404, headers: privateHeaders },
    );
  // The status turns from valid to expired at the expiry instant, without any write.
  if (verification.status === "valid" && verification.expiresAt)
    context.publicPage?.freshUntil(new Date(verification.expiresAt));
  // Anyone with the number may see the page, but it names a person: browsers may keep the
  // anonymous page and must ask again on every use (ETag, 304); shared caches must not keep it,
  // nor anyone the page of a signed-in reader (it carries their name in the header).
  return data(
    { kind: "found" as const, title, ...verification },
    { headers: { "Cache-Control": user ? "no-store" : "private, no-cache", "X-Robots-Tag": "noindex" } },
  );
}

export default function VerifyNumber() {
  const result = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useFormatDateTime();
  if (result.kind !== "found") {
    const error = result.kind === "invalid" ? result.reason : result.kind;
    const values =
      result.kind === "rateLimited"
        ? { seconds: result.seconds }
        : result.kind === "notFound"
          ? { number: result.number }
          : undefined;
    return (
      <div className="mx-auto max-w-2xl">
        <h1>{t("verify.title")}</h1>
        <VerifyForm error={error} value={result.value} errorValues={values} />
      </div>
    );
  }
  const v = result;
  return (
    <div className="mx-auto max-w-2xl">
      <h1>{t("verify.resultTitle", { number: v.number })}</h1>
      <section aria-labelledby="verification-status" className="card mt-6">
        <h2 id="verification-status" className="flex flex-wrap items-center gap-3">
          <CertificateStatusBadge status={v.status} className="text-base" />
          <span>
            {v.status === "valid"
              ? t("verify.validText")
              : v.status === "expired"
                ? t("verify.expiredText", { date: formatDate(v.expiresAt, "longDate") })
                : t("verify.revokedText")}
          </span>
        </h2>
        {v.status === "revoked" ? (
          <p className="mt-3">
            {t("verify.revokedOn", { date: formatDate(v.revokedAt, "longDate") })}{" "}
            <strong>{t("fields.revokedReason")}:</strong> {v.revokedReason}
          </p>
        ) : null}
        <FactList
          facts={[
            { label: t("fields.holder"), value: v.holderName },
            { label: t("fields.course"), value: v.courseTitle },
            { label: t("fields.number"), value: v.number, valueClassName: "font-mono" },
            { label: t("fields.issuedAt"), value: formatDate(v.issuedAt, "longDate") },
            {
              label: t("fields.expiresAt"),
              value: v.expiresAt ? formatDate(v.expiresAt, "longDate") : t("fields.noExpiry"),
            },
          ]}
        />
        <p className="mt-4 text-sm text-slate-700">{t("verify.issuedBy")}</p>
      </section>
      <p className="mt-4 text-sm text-slate-700">{t("verify.privacy")}</p>
      <p className="mt-4">
        <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </div>
  );
}
