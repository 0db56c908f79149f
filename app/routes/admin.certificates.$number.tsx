// /admin/certificates/:number: a Kontakta admin's view of one certificate, and its revocation
// (with a reason, recorded with who and when; the status list and the company's criterion follow
// at once). Linked from the organisations admin pages.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert, StatusBadge, useCertificateDate } from "~/components/certificates/ui";
import { requireRole } from "~/modules/auth/session.server";
import { getAdminCertificate, numberFromParams, pageLanguage, pageTitle, revokeCertificate } from "~/modules/certificates/certificates.server";
import { revokeSchema } from "~/modules/certificates/revoke-form";
import { readFormData } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [{ title: loaderData?.title ?? "KontaktAkademin" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const number = numberFromParams(params, request);
  const language = await pageLanguage(request);
  const certificate = await getAdminCertificate(number, language);
  if (!certificate) throw new Response("Not Found", { status: 404 });
  return { title: await pageTitle(language, "admin", { number }), certificate };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const number = numberFromParams(params, request);
  const submission = parseWithZod(await readFormData(request), { schema: revokeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await revokeCertificate({ number, reason: submission.value.reason, adminId: admin.id });
  if (outcome.status === "not-found") throw new Response("Not Found", { status: 404 });
  if (outcome.status === "already-revoked") return data({ result: submission.reply({ formErrors: ["alreadyRevoked"] }) }, { status: 409 });
  return redirect(`/admin/certificates/${number}?revoked=1`);
}

export default function AdminCertificate() {
  const { certificate: c } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation("certificates");
  const formatDate = useCertificateDate();
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
      {searchParams.get("revoked") === "1" && c.status === "revoked" ? <Alert tone="success">{t("admin.revokedDone")}</Alert> : null}
      <dl className="card mt-6 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("fields.status")}</dt>
        <dd>
          <StatusBadge status={c.status} />
        </dd>
        <dt className="font-semibold">{t("fields.holder")}</dt>
        <dd>{c.holderName}</dd>
        <dt className="font-semibold">{t("admin.holderEmail")}</dt>
        <dd>{c.holderEmail}</dd>
        <dt className="font-semibold">{t("fields.course")}</dt>
        <dd>
          {c.courseTitle} ({t("fields.contentVersion")} {c.contentVersion})
        </dd>
        <dt className="font-semibold">{t("fields.criterionCourse")}</dt>
        <dd>{c.criterionCourse ? t("fields.yes") : t("fields.no")}</dd>
        <dt className="font-semibold">{t("fields.score")}</dt>
        <dd>{t("scorePercent", { score: c.scorePercent })}</dd>
        <dt className="font-semibold">{t("fields.issuedAt")}</dt>
        <dd>{formatDate(c.issuedAt)}</dd>
        <dt className="font-semibold">{t("fields.expiresAt")}</dt>
        <dd>{c.expiresAt ? formatDate(c.expiresAt) : t("fields.noExpiry")}</dd>
        {c.revokedAt ? (
          <>
            <dt className="font-semibold">{t("fields.revokedAt")}</dt>
            <dd>{formatDate(c.revokedAt)}</dd>
            <dt className="font-semibold">{t("fields.revokedReason")}</dt>
            <dd>{c.revokedReason}</dd>
            <dt className="font-semibold">{t("fields.revokedBy")}</dt>
            <dd>{c.revokedByName ?? "–"}</dd>
          </>
        ) : null}
      </dl>
      <ul className="mt-4 space-y-1">
        <li>
          <Link to={`/verify/${c.number}`}>{t("admin.publicPage")}</Link>
        </li>
        <li>
          <Link to={`/certificates/${c.number}`}>{t("admin.userLink")}</Link>
        </li>
      </ul>

      {c.revokedAt ? (
        <Alert tone="info">{t("admin.alreadyRevoked", { date: formatDate(c.revokedAt) })}</Alert>
      ) : (
        <section aria-labelledby="revoke-heading" className="card mt-8 border-red-300">
          <h2 id="revoke-heading">{t("admin.revokeTitle")}</h2>
          <p className="mt-2">{t("admin.revokeIntro")}</p>
          {form.errors?.length ? <Alert tone="error">{t(`admin.errors.${form.errors[0]}`)}</Alert> : null}
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
                aria-describedby={fields.reason.errors ? `${fields.reason.id}-hint ${fields.reason.errorId}` : `${fields.reason.id}-hint`}
              />
              {fields.reason.errors ? (
                <p id={fields.reason.errorId} className="field-error">
                  {t(`admin.errors.${fields.reason.errors[0]}`)}
                </p>
              ) : null}
            </div>
            <div>
              <div className="flex items-start gap-2">
                <input {...getInputProps(fields.confirm, { type: "checkbox" })} className="mt-1 h-4 w-4" aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined} />
                <label htmlFor={fields.confirm.id}>{t("admin.confirm")}</label>
              </div>
              {fields.confirm.errors ? (
                <p id={fields.confirm.errorId} className="field-error">
                  {t(`admin.errors.${fields.confirm.errors[0]}`)}
                </p>
              ) : null}
            </div>
            <button type="submit" className="btn-danger" disabled={navigation.state === "submitting"}>
              {t("admin.submit")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
