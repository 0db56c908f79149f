// /verify/credential: upload or paste a credential JSON (Open Badges 3.0) and learn whether its
// signature and revocation status check out, and whether it is within its validity period.
// A plain multipart form (works without JavaScript); size-limited; rate-limited per client;
// nothing is stored and nothing is fetched from the network.
import {
  MaxPartSizeExceededError,
  data,
  type HeadersFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { checkCredentialText, credentialCheckLimiter } from "~/modules/certificates/certificates.server";
import {
  MAX_CREDENTIAL_BYTES,
  MAX_CREDENTIAL_FORM_BYTES,
  type CredentialCheckReport,
} from "~/modules/certificates/credential-check";
import { FactList, Notice, SubmitButton, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

const KB = Math.round(MAX_CREDENTIAL_BYTES / 1024);

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  return {
    title: await loaderPageTitle(
      await getLanguage(request, (await getOptionalUser(request))?.locale),
      "certificates:meta.verifyCredential",
    ),
  };
}

type ActionResult = { report: CredentialCheckReport | null; retrySeconds?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const reply = (report: CredentialCheckReport, status: number, init?: ResponseInit) =>
    data<ActionResult>(
      { report },
      { status, ...init, headers: { "Cache-Control": "no-store", ...(init?.headers ?? {}) } },
    );
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_CREDENTIAL_FORM_BYTES) return reply({ outcome: "error", error: "tooLarge" }, 413);
  const limit = await credentialCheckLimiter.consume(context.clientIp);
  if (!limit.allowed) {
    return data<ActionResult>(
      { report: null, retrySeconds: limit.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_CREDENTIAL_BYTES,
        filter: ({ name }) => name === "file" || name === "json",
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return reply({ outcome: "error", error: "tooLarge" }, 413);
    return reply({ outcome: "error", error: "missing" }, 400);
  }
  const file = form.get("file");
  const pasted = form.get("json");
  const fileText = file instanceof File && file.size > 0 ? await file.text() : "";
  const pastedText = typeof pasted === "string" ? pasted.trim() : "";
  if (fileText && pastedText) return reply({ outcome: "error", error: "both" }, 400);
  const text = fileText || pastedText;
  if (!text) return reply({ outcome: "error", error: "missing" }, 400);
  const report = await checkCredentialText(text);
  return reply(report, report.outcome === "error" ? 422 : 200);
}

function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  const { t } = useTranslation("certificates");
  return (
    <li className="flex gap-2">
      <span aria-hidden="true" className={ok ? "font-bold text-green-800" : "font-bold text-red-800"}>
        {ok ? "✓" : "✗"}
      </span>
      <span>
        <span className="sr-only">{ok ? t("credentialCheck.checkOk") : t("credentialCheck.checkFailed")}: </span>
        {children}
      </span>
    </li>
  );
}

function Report({ report }: { report: Extract<CredentialCheckReport, { outcome: "checked" }> }) {
  const { t } = useTranslation("certificates");
  const formatDate = useFormatDateTime();
  const s = report.summary;
  return (
    <section aria-labelledby="check-result" className="card mt-6">
      <h2 id="check-result">{t("credentialCheck.result")}</h2>
      <p className={`mt-3 text-lg font-semibold ${report.valid ? "text-green-900" : "text-red-900"}`} role="status">
        {report.valid ? t("credentialCheck.overall.valid") : t("credentialCheck.overall.invalid")}
      </p>
      <ul className="mt-3 space-y-2">
        <Check ok={report.signatureOk}>
          {report.signatureOk ? t("credentialCheck.signatureOk") : t("credentialCheck.signatureBad")}
        </Check>
        <Check ok={report.status === "active"}>
          {report.status === "active"
            ? t("credentialCheck.statusActive")
            : report.status === "revoked"
              ? t("credentialCheck.statusRevoked")
              : t("credentialCheck.statusUnknown")}
        </Check>
        <Check ok={report.validity === "valid"}>
          {report.validity === "valid"
            ? t("credentialCheck.validityValid")
            : report.validity === "expired"
              ? t("credentialCheck.validityExpired", { date: formatDate(s.validUntil, "longDate") })
              : t("credentialCheck.validityNotYet")}
        </Check>
      </ul>
      <h3 className="mt-5 text-lg">{t("credentialCheck.details")}</h3>
      <FactList
        className="mt-2"
        facts={[
          { label: t("fields.holder"), value: s.holderName ?? "–" },
          { label: t("fields.course"), value: s.name ?? "–" },
          {
            label: t("fields.number"),
            value: s.number ? <Link to={`/verify/${s.number}`}>{s.number}</Link> : "–",
            valueClassName: "font-mono",
          },
          { label: t("fields.issuedAt"), value: s.validFrom ? formatDate(s.validFrom, "longDate") : "–" },
          {
            label: t("fields.expiresAt"),
            value: s.validUntil ? formatDate(s.validUntil, "longDate") : t("fields.noExpiry"),
          },
        ]}
      />
      {report.signatureDetail || report.statusDetail ? (
        <details className="mt-4">
          <summary className="cursor-pointer">{t("credentialCheck.technical")}</summary>
          <p className="mt-2 font-mono text-sm break-words">
            {[report.signatureDetail, report.statusDetail].filter(Boolean).join(" · ")}
          </p>
        </details>
      ) : null}
    </section>
  );
}

export default function VerifyCredential() {
  useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("certificates");
  const report = result?.report;
  const error = result?.retrySeconds
    ? t("credentialCheck.errors.rateLimited", { seconds: result.retrySeconds })
    : report?.outcome === "error"
      ? t(`credentialCheck.errors.${report.error}`, { kb: KB })
      : null;
  return (
    <div className="mx-auto max-w-3xl">
      <h1>{t("credentialCheck.title")}</h1>
      <p className="mt-3 text-slate-700">{t("credentialCheck.intro")}</p>
      {error ? (
        <Notice tone="error" id="credential-error">
          {error}
        </Notice>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        className="mt-6 space-y-4"
        aria-describedby={error ? "credential-error" : undefined}
      >
        <div>
          <label htmlFor="credential-file" className="label">
            {t("credentialCheck.file")}
          </label>
          <p id="credential-file-hint" className="mb-2 text-sm text-slate-700">
            {t("credentialCheck.fileHint", { kb: KB })}
          </p>
          <input
            id="credential-file"
            name="file"
            type="file"
            accept=".json,application/json,application/ld+json"
            className="block w-full max-w-full"
            aria-describedby="credential-file-hint"
          />
        </div>
        <p className="font-medium">{t("credentialCheck.or")}</p>
        <div>
          <label htmlFor="credential-json" className="label">
            {t("credentialCheck.paste")}
          </label>
          <textarea
            id="credential-json"
            name="json"
            rows={10}
            className="input font-mono text-sm"
            spellCheck={false}
            maxLength={MAX_CREDENTIAL_BYTES}
          />
        </div>
        <SubmitButton className="btn">{t("credentialCheck.submit")}</SubmitButton>
      </Form>
      {report?.outcome === "checked" ? <Report report={report} /> : null}
    </div>
  );
}
