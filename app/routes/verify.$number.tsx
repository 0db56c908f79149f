// /verify/:number: the public verification page a certificate's QR code opens. Valid, expired or
// revoked (with the reason), with only the personal data needed: name, course and dates.
// Lookups are rate-limited per client; never cached, never indexed.
import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge, useCertificateDate } from "~/components/certificates/ui";
import { VerifyForm } from "~/components/certificates/verify-form";
import { getPublicVerification, pageLanguage, pageTitle, verifyLookupLimiter } from "~/modules/certificates/certificates.server";
import { parseNumber } from "~/modules/certificates/number";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
  { name: "robots", content: "noindex" },
];

const privateHeaders = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

/** The page itself carries the loader's no-store / noindex / Retry-After headers. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const raw = (params.number ?? "").slice(0, 100);
  const language = await pageLanguage(request);
  const parsed = parseNumber(raw);
  if (!parsed.ok) return data({ kind: "invalid" as const, title: await pageTitle(language, "verify"), reason: parsed.reason, value: raw }, { status: 400, headers: privateHeaders });
  if (parsed.number !== raw) throw redirect(`/verify/${parsed.number}`);
  const title = await pageTitle(language, "verifyResult", { number: parsed.number });
  const limit = await verifyLookupLimiter.consume(context.clientIp);
  if (!limit.allowed) {
    return data(
      { kind: "rateLimited" as const, title, seconds: limit.retryAfterSeconds, value: parsed.number },
      { status: 429, headers: { ...privateHeaders, "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const verification = await getPublicVerification(parsed.number, language);
  if (!verification) return data({ kind: "notFound" as const, title, number: parsed.number, value: parsed.number }, { status: 404, headers: privateHeaders });
  return data({ kind: "found" as const, title, ...verification }, { headers: privateHeaders });
}

export default function VerifyNumber() {
  const result = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useCertificateDate();
  if (result.kind !== "found") {
    const error = result.kind === "invalid" ? result.reason : result.kind;
    const values = result.kind === "rateLimited" ? { seconds: result.seconds } : result.kind === "notFound" ? { number: result.number } : undefined;
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
          <StatusBadge status={v.status} className="text-base" />
          <span>{v.status === "valid" ? t("verify.validText") : v.status === "expired" ? t("verify.expiredText", { date: formatDate(v.expiresAt) }) : t("verify.revokedText")}</span>
        </h2>
        {v.status === "revoked" ? (
          <p className="mt-3">
            {t("verify.revokedOn", { date: formatDate(v.revokedAt) })} <strong>{t("fields.revokedReason")}:</strong> {v.revokedReason}
          </p>
        ) : null}
        <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">{t("fields.holder")}</dt>
          <dd>{v.holderName}</dd>
          <dt className="font-semibold">{t("fields.course")}</dt>
          <dd>{v.courseTitle}</dd>
          <dt className="font-semibold">{t("fields.number")}</dt>
          <dd className="font-mono">{v.number}</dd>
          <dt className="font-semibold">{t("fields.issuedAt")}</dt>
          <dd>{formatDate(v.issuedAt)}</dd>
          <dt className="font-semibold">{t("fields.expiresAt")}</dt>
          <dd>{v.expiresAt ? formatDate(v.expiresAt) : t("fields.noExpiry")}</dd>
        </dl>
        <p className="mt-4 text-sm text-slate-700">{t("verify.issuedBy")}</p>
      </section>
      <p className="mt-4 text-sm text-slate-700">{t("verify.privacy")}</p>
      <p className="mt-4">
        <Link to="/verify">{t("verify.another")}</Link>
      </p>
    </div>
  );
}
