// One layout for every mail the platform sends: a mail is described once (subject, greeting,
// paragraphs, the one main action, facts, further links) and rendered here into a plain-text part
// and an HTML part that say the same thing. The HTML is escaped (every value passes through
// escapeHtml; translations are plain text, never markup), styled inline (mail clients drop <style>
// and external CSS), carries the recipient's language in lang, and reads well on a screen reader
// and on a phone (one column, 16 px text, a button that is a real link with the URL also in the
// text part). Reminder mails carry a one-click unsubscribe link in the footer and as the
// List-Unsubscribe / List-Unsubscribe-Post headers (RFC 2369, RFC 8058).
import type { TFunction } from "i18next";
import type { Language } from "~/i18n/config";
import type { Mail } from "~/utils/mail.server";

export type MailBlock =
  | { paragraph: string }
  /** The mail's main action: a button in HTML, "label:\nurl" in text. */
  | { action: { label: string; url: string } }
  /** A secondary link. */
  | { link: { label: string; url: string } }
  /** Label–value pairs (certificate number, valid until …). */
  | { facts: Array<{ label: string; value: string }> }
  /** Steps or options, in order. */
  | { steps: string[] };

export type MailDescription = {
  to: string;
  language: Language;
  subject: string;
  /** "Hej Anna!"; the layout adds nothing before it. */
  greeting: string;
  blocks: MailBlock[];
  /** Reminders only: the signed one-click opt-out link (footer + List-Unsubscribe headers). */
  unsubscribeUrl?: string;
};

export type RenderedMail = Required<Pick<Mail, "to" | "subject" | "text" | "html">> & {
  headers?: Record<string, string>;
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only absolute http(s) links go into a mail: anything else (javascript:, data:) is a bug upstream. */
function checkedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new Error(`Refusing a ${parsed.protocol} link in a mail`);
  return parsed.href;
}

/** Header values must not carry line breaks (header injection). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim();
}

// Colours with at least 4.5:1 contrast on their background (WCAG AA).
const STYLE = {
  body: "margin:0;padding:0;background-color:#f1f5f9;",
  outer: "width:100%;background-color:#f1f5f9;padding:24px 0;",
  card: "max-width:600px;margin:0 auto;background-color:#ffffff;border:1px solid #cbd5e1;border-radius:8px;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#0f172a;",
  brand: "margin:0 0 16px 0;font-size:14px;font-weight:bold;color:#1e3a8a;letter-spacing:0.02em;",
  p: "margin:0 0 16px 0;",
  button:
    "display:inline-block;background-color:#1e3a8a;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:6px;",
  link: "color:#1e3a8a;text-decoration:underline;",
  facts: "margin:0 0 16px 0;border-collapse:collapse;",
  factLabel: "padding:4px 16px 4px 0;color:#334155;text-align:left;font-weight:normal;vertical-align:top;",
  factValue: "padding:4px 0;font-weight:bold;vertical-align:top;",
  steps: "margin:0 0 16px 0;padding-left:24px;",
  footer:
    "max-width:600px;margin:16px auto 0 auto;padding:0 24px;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:1.5;color:#334155;",
} as const;

function htmlBlock(block: MailBlock): string {
  if ("paragraph" in block) return `<p style="${STYLE.p}">${escapeHtml(block.paragraph).replace(/\n/g, "<br>")}</p>`;
  if ("action" in block) {
    const url = escapeHtml(checkedUrl(block.action.url));
    return `<p style="${STYLE.p}"><a href="${url}" style="${STYLE.button}">${escapeHtml(block.action.label)}</a></p>`;
  }
  if ("link" in block) {
    const url = escapeHtml(checkedUrl(block.link.url));
    return `<p style="${STYLE.p}"><a href="${url}" style="${STYLE.link}">${escapeHtml(block.link.label)}</a></p>`;
  }
  if ("facts" in block) {
    const rows = block.facts
      .map(
        (f) =>
          `<tr><th scope="row" style="${STYLE.factLabel}">${escapeHtml(f.label)}</th><td style="${STYLE.factValue}">${escapeHtml(f.value)}</td></tr>`,
      )
      .join("");
    return `<table role="presentation" style="${STYLE.facts}">${rows}</table>`;
  }
  return `<ol style="${STYLE.steps}">${block.steps.map((s) => `<li style="margin:0 0 8px 0;">${escapeHtml(s)}</li>`).join("")}</ol>`;
}

function textBlock(block: MailBlock): string {
  if ("paragraph" in block) return block.paragraph;
  if ("action" in block) return `${block.action.label}:\n${checkedUrl(block.action.url)}`;
  if ("link" in block) return `${block.link.label}:\n${checkedUrl(block.link.url)}`;
  if ("facts" in block) return block.facts.map((f) => `${f.label}: ${f.value}`).join("\n");
  return block.steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
}

/**
 * Renders a described mail in its recipient's language. `t` must be fixed to `mail.language`
 * (getFixedT): the layout's own words (signature, footer, unsubscribe) come from the `mail`
 * namespace.
 */
export function renderMail(t: TFunction, mail: MailDescription): RenderedMail {
  const subject = oneLine(mail.subject);
  const signature = t("mail:layout.signature");
  const footer = t("mail:layout.footer");
  const unsubscribe = mail.unsubscribeUrl ? checkedUrl(mail.unsubscribeUrl) : null;

  const text = [
    mail.greeting,
    ...mail.blocks.map(textBlock),
    signature,
    "--",
    footer + (unsubscribe ? `\n${t("mail:layout.unsubscribeText")}\n${unsubscribe}` : ""),
  ].join("\n\n");

  const lang = escapeHtml(mail.language);
  const html = [
    "<!DOCTYPE html>",
    `<html lang="${lang}" dir="ltr">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<div role="article" aria-roledescription="email" aria-label="${escapeHtml(subject)}" lang="${lang}" style="${STYLE.outer}">`,
    `<div style="${STYLE.card}">`,
    `<p style="${STYLE.brand}">KontaktAkademin</p>`,
    `<p style="${STYLE.p}">${escapeHtml(mail.greeting)}</p>`,
    ...mail.blocks.map(htmlBlock),
    `<p style="margin:0;">${escapeHtml(signature).replace(/\n/g, "<br>")}</p>`,
    "</div>",
    `<div style="${STYLE.footer}">`,
    `<p style="margin:0 0 8px 0;">${escapeHtml(footer)}</p>`,
    unsubscribe
      ? `<p style="margin:0;">${escapeHtml(t("mail:layout.unsubscribeIntro"))} <a href="${escapeHtml(unsubscribe)}" style="color:#334155;text-decoration:underline;">${escapeHtml(t("mail:layout.unsubscribeLink"))}</a></p>`
      : "",
    "</div>",
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");

  const rendered: RenderedMail = { to: mail.to, subject, text, html };
  if (unsubscribe) {
    rendered.headers = {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
  }
  return rendered;
}

/** "Hej Anna!" or "Hej!" in the recipient's language. */
export function greeting(t: TFunction, name: string | null | undefined): string {
  return name ? t("mail:layout.greetingNamed", { name }) : t("mail:layout.greeting");
}
