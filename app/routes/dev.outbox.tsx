// Development outbox: lists mails that would have been sent. 404 whenever SMTP is configured or
// in production, so it can never leak a sign-in link there.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatDateTime } from "~/components/ui";
import { pageTitle } from "~/i18n/page-title";
import { invariantResponse } from "~/utils/http.server";
import { outboxEnabled, readOutbox } from "~/utils/mail.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// This page renders with `common` only (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: [] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "outbox") }];

export function loader({ request }: LoaderFunctionArgs) {
  invariantResponse(outboxEnabled(), request);
  return { mails: readOutbox(50) };
}

export default function Outbox() {
  const { mails } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const formatDate = useFormatDateTime();
  return (
    <div>
      <h1>{t("outbox.title")}</h1>
      <p className="mt-3 text-slate-700">{t("outbox.intro")}</p>
      {mails.length === 0 ? <p className="mt-6">{t("outbox.empty")}</p> : null}
      <ul className="mt-6 space-y-4">
        {mails.map((mail) => (
          <li key={mail.id} className="card">
            <p>
              <strong>{t("outbox.to")}:</strong> {mail.to}
            </p>
            <p>
              <strong>{t("outbox.subject")}:</strong> {mail.subject}
            </p>
            <p className="text-sm text-slate-700">
              {t("outbox.sentAt")}: {formatDate(mail.sentAt, "dateTime")}
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer">{t("outbox.open")}</summary>
              <pre className="mt-2 text-sm break-all whitespace-pre-wrap">{linkify(mail.text)}</pre>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}
