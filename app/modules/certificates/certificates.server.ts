// Reading and managing certificates: the public verification view (minimal personal data), the
// holder's own list and page, the PDF and credential downloads, and revocation by Kontakta.
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { NotFoundError } from "~/utils/domain-errors";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { getFixedT } from "~/i18n/i18n.server";
import { isPlatformAdmin, type SessionUser } from "~/modules/auth/session.server";
import { nameRemovedText } from "~/modules/privacy/retention";
import { onCertificateChanged } from "~/modules/organizations/criterion-events.server";
import { nudgeMailDelivery } from "~/modules/mail/outbox.server";
import { queueCertificateRevokedMails } from "./certificate-mail.server";
import { loadCertificateCourse } from "./course-meta.server";
import { checkCredential, documentLanguage } from "./credential.server";
import { MAX_CREDENTIAL_BYTES, type CredentialCheckReport } from "./credential-check";
import { renderCertificatePdf } from "./pdf.server";
import { certificateStatus, type CertificateStatus } from "./validity";
import { getStatusListCredential, resignStatusListInTransaction } from "./status-list.server";

export const PAGE_SIZE = 20;

async function courseTitle(slug: string, language: string): Promise<string> {
  const course = await loadCertificateCourse(slug).catch(() => null);
  return course?.title(language) ?? slug;
}

export type PublicVerification = {
  number: string;
  status: CertificateStatus;
  holderName: string;
  courseTitle: string;
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
};

/** What the public verification page may show: name, course, dates, status (and why revoked). */
export async function getPublicVerification(
  number: string,
  language: string,
  now = new Date(),
): Promise<PublicVerification | null> {
  const db = await getDb();
  const certificate = await db.certificate.findUnique({
    where: { number },
    select: {
      number: true,
      holderName: true,
      holderNameRemovedAt: true,
      courseSlug: true,
      issuedAt: true,
      expiresAt: true,
      revokedAt: true,
      revokedReason: true,
    },
  });
  if (!certificate) return null;
  return {
    number: certificate.number,
    status: certificateStatus(certificate, now),
    // After its holder's erasure (app/modules/privacy): "name removed at the holder's request", in the reader's language.
    holderName: certificate.holderNameRemovedAt ? nameRemovedText(language) : certificate.holderName,
    courseTitle: await courseTitle(certificate.courseSlug, language),
    issuedAt: certificate.issuedAt.toISOString(),
    expiresAt: certificate.expiresAt?.toISOString() ?? null,
    revokedAt: certificate.revokedAt?.toISOString() ?? null,
    revokedReason: certificate.revokedAt ? certificate.revokedReason : null,
  };
}

export type MyCertificate = {
  number: string;
  courseTitle: string;
  issuedAt: string;
  expiresAt: string | null;
  status: CertificateStatus;
};

/** The signed-in user's certificates, newest first, a page at a time. */
export async function listMyCertificates(userId: string, page: number, language: string, now = new Date()) {
  const db = await getDb();
  const [total, rows] = await Promise.all([
    db.certificate.count({ where: { userId } }),
    db.certificate.findMany({
      where: { userId },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { number: true, courseSlug: true, issuedAt: true, expiresAt: true, revokedAt: true },
    }),
  ]);
  const certificates: MyCertificate[] = await Promise.all(
    rows.map(async (c) => ({
      number: c.number,
      courseTitle: await courseTitle(c.courseSlug, language),
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt?.toISOString() ?? null,
      status: certificateStatus(c, now),
    })),
  );
  return { certificates, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
}

const fullSelect = {
  id: true,
  number: true,
  userId: true,
  holderName: true,
  courseSlug: true,
  contentVersion: true,
  locale: true,
  criterionCourse: true,
  scorePercent: true,
  issuedAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedReason: true,
  revokedById: true,
  statusListIndex: true,
  credential: true,
} as const;

/**
 * The certificate for its holder or a Kontakta admin; anyone else gets a 404 (not 403: we do not
 * confirm that a number exists to someone who may not see it here; the public page is /verify).
 */
export async function requireViewableCertificate(user: SessionUser, number: string) {
  const db = await getDb();
  const certificate = await db.certificate.findUnique({ where: { number }, select: fullSelect });
  if (!certificate || (certificate.userId !== user.id && !isPlatformAdmin(user)))
    throw new NotFoundError("certificate not found");
  return certificate;
}

export type CertificateDetail = {
  number: string;
  holderName: string;
  courseSlug: string;
  courseTitle: string;
  contentVersion: string;
  scorePercent: number;
  criterionCourse: boolean;
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  status: CertificateStatus;
  isHolder: boolean;
};

type ViewableCertificate = Awaited<ReturnType<typeof requireViewableCertificate>>;

async function certificateDetail(
  c: ViewableCertificate,
  language: string,
  now: Date,
  isHolder: boolean,
): Promise<CertificateDetail> {
  return {
    number: c.number,
    holderName: c.holderName,
    courseSlug: c.courseSlug,
    courseTitle: await courseTitle(c.courseSlug, language),
    contentVersion: c.contentVersion,
    scorePercent: c.scorePercent,
    criterionCourse: c.criterionCourse,
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason,
    status: certificateStatus(c, now),
    isHolder,
  };
}

export async function getCertificateDetail(
  user: SessionUser,
  number: string,
  language: string,
  now = new Date(),
): Promise<CertificateDetail> {
  const c = await requireViewableCertificate(user, number);
  return certificateDetail(c, language, now, c.userId === user.id);
}

export function verificationUrls(number: string, appUrl = getEnv().APP_URL) {
  return { verifyUrl: `${appUrl}/verify/${number}`, verifyHomeUrl: `${appUrl}/verify` };
}

/** The PDF for the holder (or an admin). */
export async function certificatePdf(user: SessionUser, number: string): Promise<{ pdf: Buffer; filename: string }> {
  const c = await requireViewableCertificate(user, number);
  const course = await loadCertificateCourse(c.courseSlug);
  if (!course) throw new Error(`course ${c.courseSlug} of certificate ${c.number} is missing`);
  const pdf = await renderCertificatePdf(c, course, {
    ...verificationUrls(c.number),
    t: await getFixedT(documentLanguage(c.locale, course)),
  });
  return { pdf, filename: `${c.number}.pdf` };
}

/** The signed Open Badges 3.0 credential JSON, as stored at issuance. */
export async function certificateCredential(
  user: SessionUser,
  number: string,
): Promise<{ json: string; filename: string }> {
  const c = await requireViewableCertificate(user, number);
  // Issuance signs the credential in the certificate's own transaction: every row has one.
  if (!c.credential) throw new Error(`certificate ${c.number} has no credential`);
  return { json: `${JSON.stringify(c.credential, null, 2)}\n`, filename: `${c.number}.credential.json` };
}

export type AdminCertificate = CertificateDetail & { holderEmail: string; revokedByName: string | null };

export async function getAdminCertificate(
  number: string,
  language: string,
  now = new Date(),
): Promise<AdminCertificate | null> {
  const db = await getDb();
  const c = await db.certificate.findUnique({
    where: { number },
    select: { ...fullSelect, user: { select: { email: true } } },
  });
  if (!c) return null;
  const revokedBy = c.revokedById
    ? await db.user.findUnique({ where: { id: c.revokedById }, select: { name: true, email: true } })
    : null;
  return {
    ...(await certificateDetail(c, language, now, false)),
    holderEmail: c.user.email,
    revokedByName: revokedBy ? (revokedBy.name ?? revokedBy.email) : null,
  };
}

export type RevokeOutcome =
  { status: "revoked"; certificateId: string } | { status: "not-found" } | { status: "already-revoked" };

/**
 * Revokes a certificate for good, with a reason, recorded with who and when. In one transaction
 * with the criterion re-evaluation (and its audit entry / webhook event) and the re-signed status
 * list (validFrom before the revocation time): the published list reflects it as soon as the
 * transaction commits, already valid.
 */
export async function revokeCertificate(input: {
  number: string;
  reason: string;
  adminId: string;
  now?: Date;
}): Promise<RevokeOutcome> {
  const db = await getDb();
  const now = input.now ?? new Date();
  const outcome: RevokeOutcome = await db.$transaction(async (tx) => {
    const certificate = await tx.certificate.findUnique({
      where: { number: input.number },
      select: { id: true, revokedAt: true },
    });
    if (!certificate) return { status: "not-found" as const };
    const claimed = await tx.certificate.updateMany({
      where: { id: certificate.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: input.reason, revokedById: input.adminId },
    });
    if (claimed.count !== 1) return { status: "already-revoked" as const };
    await onCertificateChanged(tx, { certificateId: certificate.id, type: "revoked" }, { actorId: input.adminId, now });
    await resignStatusListInTransaction(tx, now);
    // The holder and their companies' admins are told, with what to do (committed with the revocation).
    await queueCertificateRevokedMails(tx, certificate.id);
    return { status: "revoked" as const, certificateId: certificate.id };
  }, QUEUED_TRANSACTION);
  // Sends these mails, and the criterion mails the revocation may have queued, at once.
  if (outcome.status === "revoked") nudgeMailDelivery();
  return outcome;
}

/** Lookups on the public verification pages: per client IP (QR scans and typing are human-paced). */
export const verifyLookupLimiter = createRateLimiter({
  keyPrefix: "certificates:verify",
  points: 30,
  durationSeconds: 60,
});
/** Credential checks are heavier (signature and status list verification): fewer per IP. */
export const credentialCheckLimiter = createRateLimiter({
  keyPrefix: "certificates:credential-check",
  points: 10,
  durationSeconds: 60,
});

/** Parses the pasted or uploaded JSON and checks it (signature, status list, validity period). */
export async function checkCredentialText(text: string, now = new Date()): Promise<CredentialCheckReport> {
  if (Buffer.byteLength(text, "utf8") > MAX_CREDENTIAL_BYTES) return { outcome: "error", error: "tooLarge" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { outcome: "error", error: "json" };
  }
  const result = await checkCredential(parsed, { statusList: getStatusListCredential, now });
  if (result.kind === "invalid") return { outcome: "error", error: result.reason, detail: result.detail };
  return {
    outcome: "checked",
    valid: result.signature.ok && result.status === "active" && result.validity === "valid",
    signatureOk: result.signature.ok,
    signatureDetail: result.signature.ok ? null : result.signature.detail,
    status: result.status,
    statusDetail: result.statusDetail ?? null,
    validity: result.validity,
    summary: result.summary,
  };
}
