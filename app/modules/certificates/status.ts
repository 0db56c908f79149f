// A certificate's standing at a moment: revoked beats expired beats valid. Pure (used by pages,
// the PDF, the API and the expiry job alike).
export type CertificateStatus = "valid" | "expired" | "revoked";

export function certificateStatus(certificate: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): CertificateStatus {
  if (certificate.revokedAt) return "revoked";
  if (certificate.expiresAt && certificate.expiresAt <= now) return "expired";
  return "valid";
}
