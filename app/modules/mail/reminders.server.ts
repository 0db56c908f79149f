// The reminder opt-out (User.remindersOptOut). Reminder mails (certificate expiry, due dates) are
// queued only for people who have not opted out, and each carries a one-click unsubscribe link:
// /unsubscribe/<token>, where the token is the person's id signed with a key derived from
// AUTH_SECRET. It works without signing in (RFC 8058: the mail client posts to it) and does not
// expire, so an old reminder's link still works; it can only switch reminders off, never read
// anything. Transactional mails (certificates, revocations, the criterion to company admins) are
// not reminders and ignore the setting.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { getAuthSecret } from "~/modules/auth/auth-secret.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const keys = new Map<string, Buffer>();

function tokenKey(appSecret: string): Buffer {
  let key = keys.get(appSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", appSecret, "kontaktakademin", "reminder-unsubscribe-v1", 32));
    keys.set(appSecret, key);
  }
  return key;
}

function signature(userId: string, appSecret: string): string {
  return createHmac("sha256", tokenKey(appSecret)).update(`u1.${userId}`).digest("base64url");
}

/** "u1.<userId>.<HMAC-SHA256>" */
export function unsubscribeToken(userId: string, appSecret: string = getAuthSecret()): string {
  return `u1.${userId}.${signature(userId, appSecret)}`;
}

const TOKEN_SHAPE = /^u1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/;

/** The person a token was made for, or null for anything we did not sign. */
export function verifyUnsubscribeToken(token: string, appSecret: string = getAuthSecret()): string | null {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return null;
  const [, userId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(userId, appSecret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

export function unsubscribeUrl(userId: string): string {
  return `${getEnv().APP_URL}/unsubscribe/${unsubscribeToken(userId)}`;
}

/** Whether this person gets reminder mails (false for an unknown or erased person). */
export async function wantsReminders(client: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const user = await client.user.findUnique({
    where: { id: userId },
    select: { remindersOptOut: true, erasedAt: true },
  });
  return Boolean(user && !user.remindersOptOut && !user.erasedAt);
}

export async function setRemindersOptOut(userId: string, optOut: boolean): Promise<{ email: string } | null> {
  const db = await getDb();
  const updated = await db.user.updateMany({
    where: { id: userId, erasedAt: null },
    data: { remindersOptOut: optOut },
  });
  if (updated.count !== 1) return null;
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return { email: user.email };
}

/** For the unsubscribe page: whose reminders the link is about (the address, partly hidden). */
export async function reminderSettingFor(userId: string): Promise<{ maskedEmail: string; optOut: boolean } | null> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, remindersOptOut: true, erasedAt: true },
  });
  if (!user || user.erasedAt) return null;
  return { maskedEmail: maskEmail(user.email), optOut: user.remindersOptOut };
}

/** "a***@syd.example": enough for the person to recognise their address, not enough to harvest it from a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
