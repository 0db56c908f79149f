// Outgoing e-mail. With SMTP_URL: real SMTP through nodemailer. Without it (never in production,
// the env schema requires SMTP_URL there) mail lands in the development outbox (/dev/outbox).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

export type Mail = { to: string; subject: string; text: string; html?: string };
export type OutboxMail = Mail & { id: string; sentAt: string };

const globalMail = globalThis as unknown as { __kaTransport?: Transporter };

function transport(): Transporter | undefined {
  const env = getEnv();
  if (!env.SMTP_URL) return undefined;
  globalMail.__kaTransport ??= nodemailer.createTransport(env.SMTP_URL);
  return globalMail.__kaTransport;
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
    await smtp.sendMail({ from: getEnv().MAIL_FROM, ...mail });
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
