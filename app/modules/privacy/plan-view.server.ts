// The erasure plan as pages show it (the person's profile): certificates with course titles and
// what erasure would do with each, in the reader's language.
import { loadCertificateCourse } from "~/modules/certificates/course-meta.server";
import { planErasure } from "./erasure.server";

export type PlanView = {
  certificates: Array<{
    number: string;
    courseTitle: string;
    treatment: "evidence" | "withdrawn" | "pseudonymised";
    removeNameAt: string;
    evidenceFor: string[];
  }>;
  lastAdminOf: string[];
};

export async function erasurePlanView(userId: string, language: string, now = new Date()): Promise<PlanView | null> {
  const plan = await planErasure(userId, { now });
  if (!plan) return null;
  return {
    certificates: await Promise.all(
      plan.certificates.map(async (c) => ({
        number: c.number,
        courseTitle: (await loadCertificateCourse(c.courseSlug).catch(() => null))?.title(language) ?? c.courseSlug,
        treatment: c.treatment,
        removeNameAt: c.removeNameAt.toISOString(),
        evidenceFor: c.evidenceFor.map((o) => o.name),
      })),
    ),
    lastAdminOf: plan.lastAdminOf.map((o) => o.name),
  };
}

/** Cookies that end the browser's Auth.js session (the rows are already gone). */
export const CLEAR_SESSION_COOKIES = [
  "authjs.session-token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
  "__Secure-authjs.session-token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
];
