// /unsubscribe/:token: the one-click opt-out link of reminder mails (app/modules/mail/reminders.server.ts).
// Works without signing in: the signed token says whose reminders. Opening the page changes
// nothing (mail scanners follow links); the button posts. A mail client's RFC 8058 one-click
// request (POST with "List-Unsubscribe=One-Click", no cookies, from anywhere) is the same post,
// which is why the edge's cross-site check lets this path through (app/utils/edge-guards.server.ts).
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/ui";
import { pageTitle } from "~/i18n/page-title";
import {
  maskEmail,
  reminderSettingFor,
  setRemindersOptOut,
  verifyUnsubscribeToken,
} from "~/modules/mail/reminders.server";
import { readFormData } from "~/utils/form.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// This page renders with `common` only (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: [] };

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "unsubscribe") },
  { name: "robots", content: "noindex" },
];

// The token is in the URL: never cache the page, never send it on as a referrer.
const privateHeaders = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) =>
  actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const userId = verifyUnsubscribeToken(params.token ?? "");
  const setting = userId ? await reminderSettingFor(userId) : null;
  if (!setting) return data({ setting: null }, { status: 404, headers: privateHeaders });
  return data({ setting }, { headers: privateHeaders });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = verifyUnsubscribeToken(params.token ?? "");
  if (!userId) return data({ done: null }, { status: 404, headers: privateHeaders });
  const form = await readFormData(request);
  // Turning reminders back on needs the button on this page; everything else (the page's own
  // button, a mail client's one-click "List-Unsubscribe=One-Click") turns them off.
  const optOut = form.get("intent") !== "resubscribe";
  const updated = await setRemindersOptOut(userId, optOut);
  if (!updated) return data({ done: null }, { status: 404, headers: privateHeaders });
  return data({ done: { optOut, email: maskEmail(updated.email) } }, { headers: privateHeaders });
}

export default function Unsubscribe() {
  const { setting } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const done = actionData?.done ?? null;
  const optedOut = done ? done.optOut : setting?.optOut;
  const email = done?.email ?? setting?.maskedEmail ?? "";
  return (
    <div className="mx-auto max-w-xl">
      <h1>{t("unsubscribe.title")}</h1>
      {!setting && !done ? (
        <p className="mt-4">{t("unsubscribe.invalid")}</p>
      ) : (
        <>
          {done || optedOut ? (
            <Notice tone="success">{t(optedOut ? "unsubscribe.off" : "unsubscribe.on", { email })}</Notice>
          ) : (
            <p className="mt-4">{t("unsubscribe.ask", { email })}</p>
          )}
          <Form method="post" className="mt-6">
            <input type="hidden" name="intent" value={optedOut ? "resubscribe" : "unsubscribe"} />
            <button type="submit" className={optedOut ? "btn-secondary" : "btn"}>
              {t(optedOut ? "unsubscribe.resubscribe" : "unsubscribe.confirm")}
            </button>
          </Form>
          <p className="mt-6 text-slate-700">
            <Link to="/profile#reminders">{t("unsubscribe.profile")}</Link>
          </p>
        </>
      )}
    </div>
  );
}
