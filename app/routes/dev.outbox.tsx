// Development outbox: lists mails that would have been sent. 404 whenever SMTP is configured or
// in production, so it can never leak a sign-in link there.
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { outboxEnabled, readOutbox } from "~/utils/mail.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "outbox") }];

export function loader() {
  if (!outboxEnabled()) throw new Response("Not Found", { status: 404 });
  return { mails: readOutbox(50) };
}

export default function Outbox() {
  const { mails } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
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
              {t("outbox.sentAt")}: {new Date(mail.sentAt).toLocaleString(i18n.language)}
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer">{t("outbox.open")}</summary>
              <pre className="mt-2 whitespace-pre-wrap break-all text-sm">{linkify(mail.text)}</pre>
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
