// The signed-in person's own profile.
import { getDb } from "~/utils/db.server";

export async function updateProfileName(userId: string, name: string) {
  const db = await getDb();
  await db.user.update({ where: { id: userId }, data: { name } });
}

/** Where to send someone who must add their name before `redirectTo` (e.g. a quiz: certificates carry it). */
export function profileRedirect(redirectTo: string) {
  return `/profile?reason=name&redirectTo=${encodeURIComponent(redirectTo)}`;
}

/** Whether the person gets reminder mails (User.remindersOptOut; app/modules/mail/reminders.server.ts). */
export async function getRemindersEnabled(userId: string): Promise<boolean> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { remindersOptOut: true } });
  return !user.remindersOptOut;
}
