// Issuing: a passed, graded quiz attempt becomes exactly one certificate (attemptId is unique),
// with its human number, expiry per the course, and its signed Open Badges 3.0 credential.
// Called by the quiz engine INSIDE its grading transaction, so the grade, the certificate, the
// criterion events, the audit/webhook rows and the holder's mail commit or roll back together.
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { getFixedT } from "~/i18n/i18n.server";
import { onCertificateChanged } from "~/modules/organizations/criterion-events.server";
import { queueCertificateIssuedMail } from "./certificate-mail.server";
import { addMonths, loadCertificateCourse, type CertificateCourse } from "./course-meta.server";
import {
  buildOpenBadgeCredential,
  documentLanguage,
  signCredential,
  type CertificateForCredential,
} from "./credential.server";
import { createDocumentLoader } from "./document-loader.server";
import { generateNumber } from "./number";
import { getSigningKey } from "./signing-key.server";

export class CertificateIssueError extends Error {
  constructor(
    readonly code: "attempt-not-found" | "not-passed" | "course-not-found",
    message: string,
  ) {
    super(message);
    this.name = "CertificateIssueError";
  }
}

/** A fresh number not yet in use (40 random bits: a clash is astronomically rare, but checked). */
async function unusedNumber(tx: Prisma.TransactionClient): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const number = generateNumber((n) => randomBytes(n));
    if (!(await tx.certificate.findUnique({ where: { number }, select: { id: true } }))) return number;
  }
  throw new Error("could not find an unused certificate number");
}

/** The signed Open Badges 3.0 credential for a certificate row, in the certificate's language. */
async function signedCredentialFor(
  certificate: CertificateForCredential,
  course: CertificateCourse,
): Promise<Record<string, unknown>> {
  const t = await getFixedT(documentLanguage(certificate.locale, course));
  const unsigned = buildOpenBadgeCredential(certificate, course, t);
  return signCredential(unsigned, {
    key: await getSigningKey(),
    documentLoader: createDocumentLoader(),
    date: certificate.issuedAt,
  });
}

/**
 * Issues the certificate for a graded, passed attempt and returns it. Idempotent: a second call
 * for the same attempt returns the certificate already issued.
 */
export async function issueCertificateForAttempt(
  tx: Prisma.TransactionClient,
  attemptId: string,
): Promise<{ certificateId: string; number: string }> {
  // Serialise issuers of the same attempt (the quiz engine's grading already holds this lock; a
  // second caller waits here and then finds the certificate instead of failing on attemptId).
  await tx.$queryRaw`SELECT "id" FROM "QuizAttempt" WHERE "id" = ${attemptId} FOR UPDATE`;
  const existing = await tx.certificate.findUnique({ where: { attemptId }, select: { id: true, number: true } });
  if (existing) return { certificateId: existing.id, number: existing.number };

  const attempt = await tx.quizAttempt.findUnique({
    where: { id: attemptId },
    select: {
      id: true,
      userId: true,
      courseSlug: true,
      contentVersion: true,
      locale: true,
      status: true,
      passed: true,
      scorePercent: true,
      gradedAt: true,
      user: { select: { name: true, email: true } },
    },
  });
  if (!attempt) throw new CertificateIssueError("attempt-not-found", `quiz attempt ${attemptId} does not exist`);
  if (attempt.status === "in_progress" || attempt.passed !== true || attempt.scorePercent === null) {
    throw new CertificateIssueError("not-passed", `quiz attempt ${attemptId} is not a graded, passed attempt`);
  }
  const course = await loadCertificateCourse(attempt.courseSlug);
  if (!course) throw new CertificateIssueError("course-not-found", `course ${attempt.courseSlug} does not exist`);

  const issuedAt = new Date((attempt.gradedAt ?? new Date()).getTime());
  // Whole seconds: the credential's validFrom/validUntil carry no milliseconds.
  issuedAt.setUTCMilliseconds(0);
  const expiresAt =
    course.certificateValidityMonths === null ? null : addMonths(issuedAt, course.certificateValidityMonths);
  const holderName = attempt.user.name?.trim() || attempt.user.email;

  const certificate = await tx.certificate.create({
    data: {
      number: await unusedNumber(tx),
      userId: attempt.userId,
      attemptId: attempt.id,
      holderName,
      courseSlug: attempt.courseSlug,
      contentVersion: attempt.contentVersion,
      locale: attempt.locale,
      criterionCourse: course.criterionCourse,
      scorePercent: attempt.scorePercent,
      issuedAt,
      expiresAt,
    },
  });

  const signed = await signedCredentialFor(certificate, course);
  await tx.certificate.update({ where: { id: certificate.id }, data: { credential: signed as Prisma.InputJsonValue } });

  await onCertificateChanged(tx, { certificateId: certificate.id, type: "issued" }, { now: issuedAt });
  // The holder's mail with the certificate and its link, committed with the certificate.
  await queueCertificateIssuedMail(tx, certificate.id);
  return { certificateId: certificate.id, number: certificate.number };
}
