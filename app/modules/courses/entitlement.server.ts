// The ONE place that decides whether someone may take a course (read its lessons, enrol, record
// progress). Enrolment is free for now: every signed-in user may. The payments issue plugs in
// here (e.g. a company licence or a paid seat) without touching the routes.
import type { SessionUser } from "~/modules/auth/session.server";
import type { Course } from "./content.server";

export type EnrollDecision = { allowed: true } | { allowed: false; reason: "sign-in-required" | "not-entitled" };

// `_course` is unused while every course is free; payments will decide per course and user.
export async function canEnroll(user: SessionUser | null, _course: Pick<Course, "slug" | "meta">): Promise<EnrollDecision> {
  if (!user) return { allowed: false, reason: "sign-in-required" };
  return { allowed: true };
}
