import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { profileSchema } from "~/modules/auth/profile";
import { updateProfileName } from "~/modules/auth/profile.server";
import { requireUser } from "~/modules/auth/session.server";
import { safeRedirect } from "~/modules/auth/sign-in";
import { readFormData } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  return data({
    name: user.name ?? "",
    email: user.email,
    needName: url.searchParams.get("reason") === "name",
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/profile"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readFormData(request), { schema: profileSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), saved: false }, { status: 400 });
  await updateProfileName(user.id, submission.value.name);
  const to = safeRedirect(submission.value.redirectTo, "/profile");
  if (to !== "/profile") throw redirect(to);
  return data({ result: submission.reply(), saved: true });
}

export default function Profile() {
  const { name, email, needName, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-md">
      <h1>{t("profile.title")}</h1>
      {needName ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {t("profile.needName")}
        </p>
      ) : null}
      {actionData?.saved ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {t("profile.saved")}
        </p>
      ) : null}
      <p className="mt-4 text-slate-700">
        {t("profile.email")}: <strong>{email}</strong>
      </p>
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div>
          <label htmlFor={fields.name.id} className="label">
            {t("profile.name")}
          </label>
          <input
            {...getInputProps(fields.name, { type: "text" })}
            autoComplete="name"
            className="input"
            aria-describedby={[fields.name.errors ? fields.name.errorId : null, "name-hint"].filter(Boolean).join(" ")}
          />
          <p id="name-hint" className="mt-1 text-sm text-slate-700">
            {t("profile.nameHint")}
          </p>
          {fields.name.errors ? (
            <p id={fields.name.errorId} className="field-error">
              {t(`profile.errors.${fields.name.errors[0]}`)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn">
          {t("profile.save")}
        </button>
      </Form>
    </div>
  );
}
