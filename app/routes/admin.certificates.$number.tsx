// /admin/certificates/:number: a Kontakta admin's view of one certificate, and its revocation
// (with a reason, recorded with who and when; the status list and the company's criterion follow
// at once). Linked from the organisations admin pages.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateStatusBadge } from "~/components/certificates/ui";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { requireRole } from "~/modules/auth/session.server";
import { getAdminCertificate, revokeCertificate } from "~/modules/certificates/certificates.server";
import { canonicalNumberOf } from "~/modules/certificates/number";
import { revokeSchema } from "~/modules/certificates/revoke-form";
import { readFormData } from "~/utils/form.server";
import { FactList, Notice, RouteErrorBoundary, SubmitButton, useFormatDateTime } from "~/components/ui";
import { canonicalParam, invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const number = canonicalParam(request, params.number, canonicalNumberOf);
  const language = await getLanguage(request, admin.locale);
  const certificate = await getAdminCertificate(number, language);
  invariantResponse(certificate, request);
  return { title: await loaderPageTitle(language, "certificates:meta.admin", { number }), certificate };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const number = canonicalParam(request, params.number, canonicalNumberOf);
  const submission = parseWithZod(await readFormData(request), { schema: revokeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await revokeCertificate({ number, reason: submission.value.reason, adminId: admin.id });
  invariantResponse(outcome.status !== "not-found", request);
  if (outcome.status === "already-revoked")
    return data({ result: submission.reply({ formErrors: ["alreadyRevoked"] }) }, { status: 409 });
  return redirect(`/admin/certificates/${number}?revoked=1`);
}

export default function AdminCertificate() {
  const { certificate: c } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("certificates");
  const formatDate = useFormatDateTime();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: revokeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="max-w-3xl">
      <p>
        <Link to="/admin">{t("admin.back")}</Link>
      </p>
      <h1 className="mt-2">{t("admin.title", { number: c.number })}</h1>
      {searchParams.get("revoked") === "1" && c.status === "revoked" ? (
        <Notice tone="success">{t("admin.revokedDone")}</Notice>
      ) : null}
      <FactList
        className="card mt-6"
        facts={[
          { label: t("fields.status"), value: <CertificateStatusBadge status={c.status} /> },
          { label: t("fields.holder"), value: c.holderName },
          { label: t("admin.holderEmail"), value: c.holderEmail },
          {
            label: t("fields.course"),
            value: `${c.courseTitle} (${t("fields.contentVersion")} ${c.contentVersion})`,
          },
          { label: t("fields.criterionCourse"), value: c.criterionCourse ? t("fields.yes") : t("fields.no") },
          { label: t("fields.score"), value: t("scorePercent", { score: c.scorePercent }) },
          { label: t("fields.issuedAt"), value: formatDate(c.issuedAt, "longDate") },
          {
            label: t("fields.expiresAt"),
            value: c.expiresAt ? formatDate(c.expiresAt, "longDate") : t("fields.noExpiry"),
          },
          Boolean(c.revokedAt) && { label: t("fields.revokedAt"), value: formatDate(c.revokedAt, "longDate") },
          Boolean(c.revokedAt) && { label: t("fields.revokedReason"), value: c.revokedReason },
          Boolean(c.revokedAt) && { label: t("fields.revokedBy"), value: c.revokedByName ?? "–" },
        ]}
      />
      <ul className="mt-4 space-y-1">
        <li>
          <Link to={`/verify/${c.number}`}>{t("admin.publicPage")}</Link>
        </li>
        <li>
          <Link to={`/certificates/${c.number}`}>{t("admin.userLink")}</Link>
        </li>
      </ul>

      {c.revokedAt ? (
        <Notice tone="info">{t("admin.alreadyRevoked", { date: formatDate(c.revokedAt, "longDate") })}</Notice>
      ) : (
        <section aria-labelledby="revoke-heading" className="card mt-8 border-red-300">
          <h2 id="revoke-heading">{t("admin.revokeTitle")}</h2>
          <p className="mt-2">{t("admin.revokeIntro")}</p>
          {form.errors?.length ? <Notice tone="error">{t(`admin.errors.${form.errors[0]}`)}</Notice> : null}
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            <div>
              <label htmlFor={fields.reason.id} className="label">
                {t("admin.reason")}
              </label>
              <p id={`${fields.reason.id}-hint`} className="mb-2 text-sm text-slate-700">
                {t("admin.reasonHint")}
              </p>
              <textarea
                {...getTextareaProps(fields.reason)}
                rows={3}
                maxLength={500}
                className="input"
                aria-describedby={
                  fields.reason.errors
                    ? `${fields.reason.id}-hint ${fields.reason.errorId}`
                    : `${fields.reason.id}-hint`
                }
              />
              {fields.reason.errors ? (
                <p id={fields.reason.errorId} className="field-error">
                  {t(`admin.errors.${fields.reason.errors[0]}`)}
                </p>
              ) : null}
            </div>
            <div>
              <div className="flex items-start gap-2">
                <input
                  {...getInputProps(fields.confirm, { type: "checkbox" })}
                  className="mt-1 h-4 w-4"
                  aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
                />
                <label htmlFor={fields.confirm.id}>{t("admin.confirm")}</label>
              </div>
              {fields.confirm.errors ? (
                <p id={fields.confirm.errorId} className="field-error">
                  {t(`admin.errors.${fields.confirm.errors[0]}`)}
                </p>
              ) : null}
            </div>
            <SubmitButton className="btn-danger">{t("admin.submit")}</SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
