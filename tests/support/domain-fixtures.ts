// Companies, people and certificate events created through the app's own modules (the same
// transaction and onCertificateChanged the certificates module uses). Free of route modules, so
// plain Node processes (tsx, Playwright workers) can import it, not only Vitest.
import { randomBytes } from "node:crypto";
import { generateNumber } from "~/modules/certificates/number";
import { onCertificateChanged } from "~/modules/organizations/criterion-events.server";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { finnishOrgNumber, swedishOrgNumber } from "./org-numbers";

export { finnishOrgNumber, swedishOrgNumber };

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString("hex")}`;

export async function createCompany(options: { name?: string; country?: "SE" | "FI"; orgNumber?: string } = {}) {
  const db = await getDb();
  const country = options.country ?? "SE";
  for (;;) {
    const orgNumber = options.orgNumber ?? (country === "SE" ? swedishOrgNumber() : finnishOrgNumber());
    const exists = await db.organization.findUnique({ where: { orgNumber } });
    if (exists && !options.orgNumber) continue;
    return db.organization.create({
      data: { name: options.name ?? `Company ${unique()}`, country, orgNumber, memberSince: new Date("2024-01-01") },
    });
  }
}

type Role = "manager" | "agent" | "org_admin";

/** A person in the company with one role, or several (e.g. ["org_admin", "manager"]). */
export async function createPerson(organizationId: string, role: Role | Role[], name = `Person ${unique()}`) {
  const db = await getDb();
  return db.user.create({
    data: {
      email: `${unique()}@test.example`,
      name,
      memberships: { create: { organizationId, roles: Array.isArray(role) ? role : [role] } },
    },
  });
}

export const CRITERION_COURSE = "introduktion-for-chefer";

/**
 * Issues a certificate the way the certificates module does (attempt + certificate + the
 * organisations module's onCertificateChanged, in one transaction).
 */
export async function issueCertificate(
  userId: string,
  options: {
    criterionCourse?: boolean;
    courseSlug?: string;
    expiresAt?: Date | null;
    issuedAt?: Date;
    updatedAt?: Date;
  } = {},
) {
  const db = await getDb();
  const criterionCourse = options.criterionCourse ?? true;
  const courseSlug = options.courseSlug ?? (criterionCourse ? CRITERION_COURSE : "etik-for-saljare-och-kundtjanst");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    const attempt = await tx.quizAttempt.create({
      data: {
        userId,
        courseSlug,
        contentVersion: "1",
        locale: "sv",
        status: "graded",
        snapshot: {},
        passed: true,
        scorePercent: 90,
        gradedAt: new Date(),
      },
    });
    const cert = await tx.certificate.create({
      data: {
        number: generateNumber((n) => randomBytes(n)),
        userId,
        attemptId: attempt.id,
        holderName: user.name ?? user.email,
        courseSlug,
        contentVersion: "1",
        locale: "sv",
        criterionCourse,
        scorePercent: 90,
        issuedAt: options.issuedAt ?? new Date(),
        expiresAt: options.expiresAt === undefined ? new Date(Date.now() + 3 * 365 * 86_400_000) : options.expiresAt,
        ...(options.updatedAt ? { updatedAt: options.updatedAt } : {}),
      },
    });
    await onCertificateChanged(tx, { certificateId: cert.id, type: "issued" });
    return cert;
    // As the app's own writers: the criterion's re-evaluation queues behind row and audit-chain locks.
  }, QUEUED_TRANSACTION);
}

export async function revokeCertificate(certificateId: string, reason = "test") {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.certificate.update({
      where: { id: certificateId },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    await onCertificateChanged(tx, { certificateId, type: "revoked" });
  }, QUEUED_TRANSACTION);
}
