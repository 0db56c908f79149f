import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { getCsrf } from "~/modules/auth/auth.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { overlongFields, safeRedirect, signInSchema } from "~/modules/auth/sign-in";
import { requestSignInLink } from "~/modules/auth/sign-in.server";
import { invitationForSignIn } from "~/modules/organizations/invitations.server";
import { getEnv } from "~/utils/env.server";
import { readFormData } from "~/utils/form.server";
import { Notice, SubmitButton } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// This page renders with `common` only (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: [] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  // Opened from an invitation: the form is filled with the invited address.
  const invitation = await invitationForSignIn(redirectTo);
  const env = getEnv();
  if (!env.entraEnabled) return data({ sso: null, redirectTo, error: url.searchParams.get("error"), invitation });
  const { csrfToken, setCookies } = await getCsrf(request);
  const headers = new Headers();
  for (const cookie of setCookies) headers.append("Set-Cookie", cookie);
  return data({ sso: { csrfToken }, redirectTo, error: url.searchParams.get("error"), invitation }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") {
    return data(
      { result: submission.reply({ hideFields: overlongFields(formData) }), retryMinutes: null },
      { status: 400 },
    );
  }
  const { email, redirectTo } = submission.value;
  const outcome = await requestSignInLink(request, {
    email,
    clientIp: context.clientIp,
    callbackUrl: safeRedirect(redirectTo),
  });
  if (outcome.status === "rate-limited") {
    return data(
      {
        result: submission.reply({ formErrors: ["rateLimited"] }),
        retryMinutes: Math.ceil(outcome.retryAfterSeconds / 60),
      },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  if (outcome.status === "failed") {
    return data({ result: submission.reply({ formErrors: ["failed"] }), retryMinutes: null }, { status: 400 });
  }
  const headers = new Headers();
  for (const cookie of outcome.setCookies) headers.append("Set-Cookie", cookie);
  return redirect("/login/check-email", { headers });
}

export default function Login() {
  const { sso, redirectTo, error, invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: invitation ? { email: invitation.email } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const formError = form.errors?.[0];
  const authError = error && !formError ? (error === "Verification" ? "Verification" : "failed") : null;
  return (
    <div className="mx-auto max-w-md">
      <h1>{t("login.title")}</h1>
      <p className="mt-3 text-slate-700">
        {invitation ? t("invitationSignIn.intro", { organization: invitation.organizationName }) : t("login.intro")}
      </p>
      {formError || authError ? (
        <Notice tone="error">
          {t(`login.errors.${formError ?? authError}`, { minutes: actionData?.retryMinutes ?? 15 })}
        </Notice>
      ) : null}
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? redirectTo} />
        <div>
          <label htmlFor={fields.email.id} className="label">
            {t("login.email")}
          </label>
          <input
            {...getInputProps(fields.email, { type: "email" })}
            autoComplete="email"
            className="input"
            aria-describedby={fields.email.errors ? fields.email.errorId : undefined}
          />
          {fields.email.errors ? (
            <p id={fields.email.errorId} className="field-error">
              {t(`login.errors.${fields.email.errors[0]}`)}
            </p>
          ) : null}
        </div>
        <SubmitButton className="btn w-full">{t("login.submit")}</SubmitButton>
      </Form>
      {sso ? (
        <>
          <p className="my-4 text-center text-slate-700">{t("login.or")}</p>
          <form method="post" action="/auth/signin/microsoft-entra-id">
            <input type="hidden" name="csrfToken" value={sso.csrfToken} />
            <input type="hidden" name="callbackUrl" value={redirectTo} />
            <button type="submit" className="btn-secondary w-full">
              {t("login.sso")}
            </button>
          </form>
        </>
      ) : null}
    </div>
  );
}
