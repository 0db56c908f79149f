// What a company admin sees before removing a person who left: which of the person's certificates
// exist, whether each is still valid, and that removal keeps them (they are the person's, under
// Kontakta's responsibility; docs/decisions/017). Removal itself is memberships.server.ts's removeMember.
import { loadCertificateCourse } from "~/modules/certificates/course-meta.server";
import { certificateStatus } from "~/modules/certificates/validity";
import { getDb } from "~/utils/db.server";

export type LeaverCertificate = {
  number: string;
  courseTitle: string;
  criterionCourse: boolean;
  status: "valid" | "expired" | "revoked";
  expiresAt: string | null;
  /** Counts for this company's criterion now (and stops counting when the membership goes). */
  countsHere: boolean;
};

export async function leaverView(input: {
  organizationId: string;
  userId: string;
  language: string;
  now?: Date;
}): Promise<LeaverCertificate[]> {
  const db = await getDb();
  const now = input.now ?? new Date();
  const [certificates, membership] = await Promise.all([
    db.certificate.findMany({
      where: { userId: input.userId },
      select: { number: true, courseSlug: true, criterionCourse: true, expiresAt: true, revokedAt: true },
      orderBy: { issuedAt: "desc" },
      take: 50,
    }),
    db.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
    }),
  ]);
  const isManager = membership ? membership.roles.includes("manager") : false;
  return Promise.all(
    certificates.map(async (c) => {
      const status = certificateStatus(c, now);
      return {
        number: c.number,
        courseTitle:
          (await loadCertificateCourse(c.courseSlug).catch(() => null))?.title(input.language) ?? c.courseSlug,
        criterionCourse: c.criterionCourse,
        status,
        expiresAt: c.expiresAt?.toISOString() ?? null,
        countsHere: isManager && c.criterionCourse && status === "valid",
      };
    }),
  );
}
