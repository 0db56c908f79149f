// Outgoing e-mail. With SMTP_URL: real SMTP through nodemailer. Without it (never in production,
// the env schema requires SMTP_URL there) mail lands in the development outbox (/dev/outbox).
// sendMail sends now and throws when it cannot: only for mail someone is waiting for (the sign-in
// link). Mail that must not be lost goes through the outbox (app/modules/mail/outbox.server.ts),
// whose worker calls sendMail.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Transporter } from "nodemailer";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";
import { remember } from "./remember.server";

/** headers: extra ones such as List-Unsubscribe (reminders); never To/From/Subject. */
export type Mail = { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> };
export type OutboxMail = Mail & { id: string; sentAt: string };

/** Bounds on one SMTP conversation, well inside the mail outbox's claim (CLAIM_SECONDS). */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// nodemailer (~45 ms to load) is loaded with the first mail sent, not at every start.
function transport(): Promise<Transporter> | undefined {
  const env = getEnv();
  if (!env.SMTP_URL) return undefined;
  const url = env.SMTP_URL;
  return remember(
    "mail-transport",
    async () => (await import("nodemailer")).default.createTransport({ url, ...SMTP_TIMEOUTS }),
    { key: url },
  );
}

function outboxPath() {
  return join(resolve(getEnv().DATA_DIR), "outbox.jsonl");
}

export function outboxEnabled() {
  const env = getEnv();
  return !env.isProduction && !env.SMTP_URL;
}

export async function sendMail(mail: Mail): Promise<void> {
  const smtp = transport();
  if (smtp) {
    await (await smtp).sendMail({ from: getEnv().MAIL_FROM, ...mail });
    logger.info("mail sent", { to: mail.to, subject: mail.subject });
    return;
  }
  if (!outboxEnabled()) throw new Error("No SMTP_URL configured");
  const entry: OutboxMail = { ...mail, id: crypto.randomUUID(), sentAt: new Date().toISOString() };
  mkdirSync(resolve(getEnv().DATA_DIR), { recursive: true });
  appendFileSync(outboxPath(), `${JSON.stringify(entry)}\n`);
  logger.info("mail stored in development outbox", { to: mail.to, subject: mail.subject });
}

/** Newest first. Development only. */
export function readOutbox(limit = 50): OutboxMail[] {
  if (!outboxEnabled() || !existsSync(outboxPath())) return [];
  return readFileSync(outboxPath(), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMail)
    .reverse()
    .slice(0, limit);
}
