// The ONE place that decides whether someone may take a course (read its lessons, enrol, record
// progress). A course without a price is free for every signed-in person; a paid course is open
// to whoever started it, bought it, holds a seat their company bought, or belongs to a Kontakta
// member company when the membership includes it (app/modules/billing/access.server.ts).
import type { SessionUser } from "~/modules/auth/session.server";
import { courseAccess, type AccessBasis, type AccessHelp } from "~/modules/billing/access.server";
import type { Course } from "./content.server";

export type { AccessBasis, AccessHelp };

export type EnrollDecision =
  | { allowed: true; basis: AccessBasis }
  | { allowed: false; reason: "sign-in-required" }
  | { allowed: false; reason: "not-entitled"; help: AccessHelp[] };

export async function canEnroll(
  user: SessionUser | null,
  course: Pick<Course, "slug" | "meta">,
): Promise<EnrollDecision> {
  if (!user) return { allowed: false, reason: "sign-in-required" };
  const access = await courseAccess(user, course.slug);
  if (access.allowed) return { allowed: true, basis: access.basis };
  return { allowed: false, reason: "not-entitled", help: access.help };
}
