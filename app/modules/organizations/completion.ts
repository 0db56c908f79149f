// What "completed" means, in one place for the model, the API and the document. Four stages, and
// only one of them is evidence for the trained-manager criterion:
//   lessons_completed    every lesson marked done, no certificate (the quiz not passed): never evidence;
//   quiz_passed          the quiz passed and a certificate issued, valid now;
//   certificate_expired  the certificate's validity ran out;
//   certificate_revoked  Kontakta revoked the certificate.
// Evidence = a quiz_passed certificate of the criterion course (and its holder a manager of the
// company, which the criterion checks separately).
import { certificateStatus } from "../certificates/validity";

export const completionStages = [
  "lessons_completed",
  "quiz_passed",
  "certificate_expired",
  "certificate_revoked",
] as const;
export type CompletionStage = (typeof completionStages)[number];

type CertificateFacts = { revokedAt: Date | null; expiresAt: Date | null };

/** The stage of a completion record: a certificate's state, or lessons only when there is none. */
export function completionStage(certificate: CertificateFacts | null, now = new Date()): CompletionStage {
  if (!certificate) return "lessons_completed";
  const status = certificateStatus(certificate, now);
  return status === "valid" ? "quiz_passed" : status === "expired" ? "certificate_expired" : "certificate_revoked";
}

/** Whether a record can count towards the criterion: a valid certificate of the criterion course. */
export function isCriterionEvidence(
  certificate: (CertificateFacts & { criterionCourse: boolean }) | null,
  now = new Date(),
): boolean {
  return certificate !== null && certificate.criterionCourse && completionStage(certificate, now) === "quiz_passed";
}
