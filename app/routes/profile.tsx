import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Notice, useFormatDateTime } from "~/components/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { profileSchema } from "~/modules/auth/profile";
import { getRemindersEnabled, updateProfileName } from "~/modules/auth/profile.server";
import { setRemindersOptOut } from "~/modules/mail/reminders.server";
import { requireUser } from "~/modules/auth/session.server";
import { safeRedirect } from "~/modules/auth/sign-in";
import { erasePerson } from "~/modules/privacy/erasure.server";
import { CLEAR_SESSION_COOKIES, erasurePlanView } from "~/modules/privacy/plan-view.server";
import { readFormData } from "~/utils/form.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["privacy"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const language = await getLanguage(request, user.locale);
  return data({
    name: user.name ?? "",
    email: user.email,
    needName: url.searchParams.get("reason") === "name",
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/profile"),
    language,
    remindersEnabled: await getRemindersEnabled(user.id),
    // What erasing would do, shown before the person confirms (app/modules/privacy).
    plan: await erasurePlanView(user.id, language),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readFormData(request);
  if (form.get("intent") === "erase") {
    // GDPR art. 17: the person confirms by typing the address they are signed in with.
    const confirm = String(form.get("confirmEmail") ?? "")
      .trim()
      .toLowerCase();
    if (confirm !== user.email.toLowerCase())
      return data(
        { result: undefined, saved: false, eraseError: "confirm" as const, reminders: null },
        { status: 400 },
      );
    await erasePerson({ userId: user.id, actorId: user.id });
    const headers = new Headers();
    for (const cookie of CLEAR_SESSION_COOKIES) headers.append("Set-Cookie", cookie);
    throw redirect("/privacy?erased=1", { headers });
  }
  if (form.get("intent") === "reminders") {
    // A checkbox: present ("on") when ticked, absent when not.
    const enabled = form.get("reminders") === "on";
    await setRemindersOptOut(user.id, !enabled);
    return data({
      result: undefined,
      saved: false,
      eraseError: null,
      reminders: enabled ? ("on" as const) : ("off" as const),
    });
  }
  const submission = parseWithZod(form, { schema: profileSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), saved: false, eraseError: null, reminders: null }, { status: 400 });
  await updateProfileName(user.id, submission.value.name);
  const to = safeRedirect(submission.value.redirectTo, "/profile");
  if (to !== "/profile") throw redirect(to);
  return data({ result: submission.reply(), saved: true, eraseError: null, reminders: null });
}

export default function Profile() {
  const { name, email, needName, redirectTo, plan, remindersEnabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { t: tp } = useTranslation("privacy");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const formatDate = useFormatDateTime();
  return (
    <div className="mx-auto max-w-md">
      <h1>{t("profile.title")}</h1>
      {needName ? <Notice tone="warning">{t("profile.needName")}</Notice> : null}
      {actionData?.saved ? <Notice tone="success">{t("profile.saved")}</Notice> : null}
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

      <section id="reminders" aria-labelledby="reminders-title" className="mt-10 border-t border-slate-200 pt-6">
        <h2 id="reminders-title">{t("reminders.title")}</h2>
        <p className="mt-3">{t("reminders.intro")}</p>
        {actionData?.reminders ? (
          <Notice tone="success">
            {t(actionData.reminders === "on" ? "reminders.savedOn" : "reminders.savedOff")}
          </Notice>
        ) : null}
        <Form method="post" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="reminders" />
          <div className="flex items-center gap-2">
            <input
              key={String(remindersEnabled)}
              id="reminders-enabled"
              name="reminders"
              type="checkbox"
              defaultChecked={remindersEnabled}
              className="h-5 w-5"
            />
            <label htmlFor="reminders-enabled">{t("reminders.label")}</label>
          </div>
          <button type="submit" className="btn-secondary">
            {t("reminders.save")}
          </button>
        </Form>
      </section>

      <section id="your-data" aria-labelledby="your-data-title" className="mt-10 border-t border-slate-200 pt-6">
        <h2 id="your-data-title">{tp("profile.title")}</h2>
        <p className="mt-3">
          <Trans t={tp} i18nKey="profile.intro" components={{ privacy: <Link to="/privacy" /> }} />
        </p>
        <p className="mt-4">
          <a href="/profile/export.json" download className="btn-secondary">
            {tp("profile.export")}
          </a>
        </p>

        {plan ? (
          <>
            <h3 className="mt-8">{tp("profile.eraseTitle")}</h3>
            <p className="mt-2">{tp("profile.eraseIntro")}</p>
            <h4 className="mt-4">{tp("profile.certificatesTitle")}</h4>
            {plan.certificates.length === 0 ? (
              <p className="mt-2">{tp("profile.noCertificates")}</p>
            ) : (
              <ul className="mt-2 list-disc space-y-2 pl-6" data-testid="erasure-plan">
                {plan.certificates.map((c) => (
                  <li key={c.number}>
                    <strong>{c.courseTitle}</strong> ({c.number}):{" "}
                    {tp(`treatment.${c.treatment}`, {
                      date: formatDate(c.removeNameAt, "longDate"),
                      companies: c.evidenceFor.join(", "),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {plan.lastAdminOf.length > 0 ? (
              <Notice tone="warning" live={false}>
                {tp("profile.lastAdmin", { companies: plan.lastAdminOf.join(", ") })}
              </Notice>
            ) : null}
            <Form method="post" className="mt-4 space-y-3">
              <input type="hidden" name="intent" value="erase" />
              <div>
                <label htmlFor="confirm-email" className="label">
                  {tp("profile.confirmLabel")}
                </label>
                <input
                  id="confirm-email"
                  name="confirmEmail"
                  type="email"
                  autoComplete="off"
                  required
                  className="input"
                  aria-invalid={actionData?.eraseError ? true : undefined}
                  aria-describedby={actionData?.eraseError ? "confirm-email-error" : undefined}
                />
                {actionData?.eraseError ? (
                  <p id="confirm-email-error" className="field-error">
                    {tp("profile.errors.confirm")}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="btn-danger">
                {tp("profile.erase")}
              </button>
            </Form>
          </>
        ) : null}
      </section>
    </div>
  );
}
