// A certificate in the one shape the certification API uses everywhere: GET /certificates/{number}
// and the certificate.issued|revoked|expired webhook payloads. Pure, so the REST handler and the
// webhook outbox (organisations module) build exactly the same object.
import { certificateStatus, type CertificateStatus } from "~/modules/certificates/validity";
import { completionStage, isCriterionEvidence, type CompletionStage } from "~/modules/organizations/completion";

export type CertificateFacts = {
  number: string;
  holderName: string;
  courseSlug: string;
  contentVersion: string;
  criterionCourse: boolean;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
};

export type CertificateView = {
  number: string;
  status: CertificateStatus;
  stage: CompletionStage;
  criterionEvidence: boolean;
  holderName: string;
  course: { slug: string; contentVersion: string };
  criterionCourse: boolean;
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
};

/** The select that loads what certificateView needs. */
export const certificateFactsSelect = {
  number: true,
  holderName: true,
  courseSlug: true,
  contentVersion: true,
  criterionCourse: true,
  issuedAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedReason: true,
} as const;

export function certificateView(c: CertificateFacts, now = new Date()): CertificateView {
  return {
    number: c.number,
    status: certificateStatus(c, now),
    stage: completionStage(c, now),
    criterionEvidence: isCriterionEvidence(c, now),
    holderName: c.holderName,
    course: { slug: c.courseSlug, contentVersion: c.contentVersion },
    criterionCourse: c.criterionCourse,
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revokedAt ? c.revokedReason : null,
  };
}
