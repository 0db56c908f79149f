// Invitations by e-mail: single-use links that expire after 7 days. Only the SHA-256 of the
// token is stored, so a database leak does not leak working links. A bulk invite writes every
// valid row in one transaction and reports, row by row, what failed and why. The invitation mails
// are queued in the mail outbox in that same transaction (app/modules/mail/outbox.server.ts), so
// an invitation and its mail commit together, and the mail is retried until it goes out.
// Accepting adds the membership and queues the welcome mail together; landingAfterInvitation says
// where the person goes next.
import { createHash, randomBytes } from "node:crypto";
import type { OrgRole, Prisma } from "~/generated/prisma/client";
import { isLanguage, type Language } from "~/i18n/config";
import { getDb } from "~/utils/db.server";
import { loadCriterionCourse, type CertificateCourse } from "~/modules/certificates/course-meta.server";
import { companyLanguage, invitationMail, recipientLanguage, welcomeMail } from "~/modules/mail/messages.server";
import {
  enqueueMail,
  enqueueMails,
  latestMailByInvitation,
  nudgeMailDelivery,
  type MailKind,
  type OutboxMailInput,
} from "~/modules/mail/outbox.server";
import { getEnv } from "~/utils/env.server";
import type { InviteRowError, ParsedInviteRow } from "./invite-list";
import { addMember } from "./memberships.server";
import { normalizeRoles } from "./roles";
import { isValidPersonName } from "~/modules/auth/profile";
import { pageSize, pageWindow } from "~/utils/pagination";

export const INVITATION_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Who is invited, as what, and whether the invitation can still be used. */
const invitationStateFields = {
  id: true,
  email: true,
  name: true,
  roles: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} satisfies Prisma.InvitationSelect;

/** A fresh token: 32 random bytes, base64url (43 characters). */
export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function invitationUrl(token: string): string {
  return `${getEnv().APP_URL}/invitations/${token}`;
}

// ---------- Sending ----------

type MailInput = {
  email: string;
  name: string | null;
  roles: OrgRole[];
  token: string;
  expiresAt: Date;
  organizationName: string;
  inviterName: string;
  language: Language;
};

/** Renders the invitation mails for the outbox, each in its recipient's language (the shared mail layout). */
async function outboxMails(
  inputs: Array<MailInput & { invitationId: string }>,
  kind: MailKind,
): Promise<OutboxMailInput[]> {
  const mails: OutboxMailInput[] = [];
  for (const input of inputs) {
    const mail = await invitationMail({
      to: input.email,
      language: input.language,
      name: input.name,
      roles: input.roles,
      url: invitationUrl(input.token),
      expiresAt: input.expiresAt,
      organizationName: input.organizationName,
      inviterName: input.inviterName,
    });
    mails.push({ ...mail, kind, invitationId: input.invitationId });
  }
  return mails;
}

// ---------- Inviting ----------

/** "queued": the mail is in the outbox (committed with the invitation) and goes out within moments, or is retried. */
export type InviteOutcome =
  | {
      line: number;
      raw: string;
      email: string;
      roles: OrgRole[];
      name: string | null;
      status: "invited" | "reinvited";
      mail: "queued";
    }
  | { line: number; raw: string; email: string | null; status: "failed"; error: InviteRowError | "already_member" };

export type InviteReport = {
  rows: InviteOutcome[];
  invited: number;
  failed: number;
};

/**
 * Invites the valid rows in one transaction (rows of people already in the company fail with
 * "already_member"; a pending invitation to the same address is replaced by the new one) and
 * queues their mails in the same transaction. Returns one outcome per input row, in input order.
 */
export async function inviteMany(input: {
  organizationId: string;
  rows: ParsedInviteRow[];
  invitedBy: { id: string; name: string | null; email: string };
  language: Language;
  now?: Date;
}): Promise<InviteReport> {
  const db = await getDb();
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS);
  const candidates = input.rows.filter((r): r is Extract<ParsedInviteRow, { ok: true }> => r.ok);
  const emails = candidates.map((r) => r.email);

  const { outcomes, queued } = await db.$transaction(async (tx) => {
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: input.organizationId },
      select: { name: true },
    });
    const members = emails.length
      ? await tx.membership.findMany({
          where: { organizationId: input.organizationId, user: { email: { in: emails, mode: "insensitive" } } },
          select: { user: { select: { email: true } } },
        })
      : [];
    const memberEmails = new Set(members.map((m) => m.user.email.toLowerCase()));
    const existingUsers = emails.length
      ? await tx.user.findMany({
          where: { email: { in: emails, mode: "insensitive" } },
          select: { email: true, locale: true },
        })
      : [];
    const localeByEmail = new Map(existingUsers.map((u) => [u.email.toLowerCase(), u.locale]));
    const pending = emails.length
      ? await tx.invitation.findMany({
          where: { organizationId: input.organizationId, email: { in: emails }, acceptedAt: null, revokedAt: null },
          select: { id: true, email: true, expiresAt: true },
        })
      : [];
    const pendingByEmail = new Map<string, string[]>();
    for (const p of pending)
      if (p.expiresAt > now) pendingByEmail.set(p.email, [...(pendingByEmail.get(p.email) ?? []), p.id]);

    const outcomes = new Map<ParsedInviteRow, InviteOutcome>();
    const mails: MailInput[] = [];
    const toRevoke: string[] = [];
    const toCreate: Prisma.InvitationCreateManyInput[] = [];
    for (const row of candidates) {
      if (memberEmails.has(row.email)) {
        outcomes.set(row, {
          line: row.line,
          raw: row.raw,
          email: row.email,
          status: "failed",
          error: "already_member",
        });
        continue;
      }
      const replaced = pendingByEmail.get(row.email) ?? [];
      toRevoke.push(...replaced);
      const token = newInvitationToken();
      toCreate.push({
        organizationId: input.organizationId,
        email: row.email,
        name: row.name,
        roles: row.roles,
        tokenHash: hashInvitationToken(token),
        expiresAt,
        invitedById: input.invitedBy.id,
        createdAt: now,
      });
      const locale = localeByEmail.get(row.email);
      mails.push({
        email: row.email,
        name: row.name,
        roles: row.roles,
        token,
        expiresAt,
        organizationName: organization.name,
        inviterName: input.invitedBy.name ?? input.invitedBy.email,
        language: isLanguage(locale) ? locale : input.language,
      });
      outcomes.set(row, {
        line: row.line,
        raw: row.raw,
        email: row.email,
        roles: row.roles,
        name: row.name,
        status: replaced.length ? "reinvited" : "invited",
        mail: "queued",
      });
    }
    if (toRevoke.length) await tx.invitation.updateMany({ where: { id: { in: toRevoke } }, data: { revokedAt: now } });
    if (toCreate.length) {
      const created = await tx.invitation.createManyAndReturn({ data: toCreate, select: { id: true, email: true } });
      const idByEmail = new Map(created.map((c) => [c.email, c.id]));
      // Same transaction: the mail exists exactly when its invitation does.
      await enqueueMails(
        tx,
        await outboxMails(
          mails.map((m) => ({ ...m, invitationId: idByEmail.get(m.email)! })),
          "invitation",
        ),
      );
    }
    return { outcomes, queued: mails.length };
  });
  if (queued) nudgeMailDelivery();

  const rows: InviteOutcome[] = input.rows.map((row) => {
    if (!row.ok) return { line: row.line, raw: row.raw, email: row.email, status: "failed", error: row.error };
    return outcomes.get(row)!;
  });
  return {
    rows,
    invited: rows.filter((r) => r.status !== "failed").length,
    failed: rows.filter((r) => r.status === "failed").length,
  };
}

// ---------- Pending invitations ----------

export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

export function invitationState(
  inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null },
  now = new Date(),
): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "pending";
}

export const INVITATIONS_PAGE_SIZE = 25;

/** Invitations not yet accepted or withdrawn (pending and expired), newest first, each with the state of its newest mail. */
export async function listOpenInvitations(
  organizationId: string,
  options: { page?: number; pageSize?: number; now?: Date } = {},
) {
  const db = await getDb();
  const now = options.now ?? new Date();
  const where: Prisma.InvitationWhereInput = { organizationId, acceptedAt: null, revokedAt: null };
  const { skip, take, ...window } = pageWindow(
    await db.invitation.count({ where }),
    options.page,
    pageSize(options.pageSize, INVITATIONS_PAGE_SIZE),
  );
  const rows = await db.invitation.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    select: {
      ...invitationStateFields,
      createdAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
  });
  const mails = await latestMailByInvitation(rows.map((r) => r.id));
  return {
    items: rows.map((r) => {
      const mail = mails.get(r.id);
      return { ...r, state: invitationState(r, now), mail: mail ? { status: mail.status, sentAt: mail.sentAt } : null };
    }),
    ...window,
  };
}

/** Withdraws an open invitation of this company; its link stops working at once. */
export async function revokeInvitation(
  organizationId: string,
  invitationId: string,
  now = new Date(),
): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, organizationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  return count === 1;
}

/**
 * Sends an open (pending or expired) invitation again with a new link and a new 7-day expiry; the
 * old link stops working. The new link and its queued mail commit together.
 */
export async function resendInvitation(input: {
  organizationId: string;
  invitationId: string;
  invitedBy: { id: string; name: string | null; email: string };
  language: Language;
  now?: Date;
}): Promise<{ ok: true; mail: "queued"; email: string } | { ok: false }> {
  const db = await getDb();
  const now = input.now ?? new Date();
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS);
  const email = await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: input.invitationId, organizationId: input.organizationId, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hashInvitationToken(token), expiresAt, invitedById: input.invitedBy.id },
    });
    if (count !== 1) return null;
    const inv = await tx.invitation.findUniqueOrThrow({
      where: { id: input.invitationId },
      select: { email: true, name: true, roles: true, organization: { select: { name: true } } },
    });
    const user = await tx.user.findUnique({ where: { email: inv.email }, select: { locale: true } });
    const [mail] = await outboxMails(
      [
        {
          invitationId: input.invitationId,
          email: inv.email,
          name: inv.name,
          roles: normalizeRoles(inv.roles),
          token,
          expiresAt,
          organizationName: inv.organization.name,
          inviterName: input.invitedBy.name ?? input.invitedBy.email,
          language: isLanguage(user?.locale) ? user.locale : input.language,
        },
      ],
      "invitation_resend",
    );
    await enqueueMail(tx, mail!);
    return inv.email;
  });
  if (email === null) return { ok: false };
  nudgeMailDelivery();
  return { ok: true, mail: "queued", email };
}

// ---------- Accepting ----------

export type InvitationView = {
  id: string;
  email: string;
  name: string | null;
  roles: OrgRole[];
  expiresAt: Date;
  state: InvitationState;
  organization: { id: string; name: string };
};

/** The invitation behind a link, whatever its state; null for an unknown or malformed token. */
export async function findInvitationByToken(token: string, now = new Date()): Promise<InvitationView | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const db = await getDb();
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      ...invitationStateFields,
      organization: { select: { id: true, name: true } },
    },
  });
  if (!inv) return null;
  return {
    id: inv.id,
    email: inv.email,
    name: inv.name,
    roles: normalizeRoles(inv.roles),
    expiresAt: inv.expiresAt,
    state: invitationState(inv, now),
    organization: inv.organization,
  };
}

export type AcceptOutcome =
  | { status: "accepted"; organizationId: string; roles: OrgRole[]; criterionChanged: boolean }
  | { status: "already_member"; organizationId: string; roles: OrgRole[] }
  | { status: "not_found" | "expired" | "used" | "revoked" }
  | { status: "wrong_user"; invitedEmail: string };

/**
 * Accepts an invitation for the signed-in user. The link is single-use: the row is claimed with
 * one conditional UPDATE, so two simultaneous acceptances cannot both succeed. The signed-in
 * address must be the invited one (a forwarded link does not make someone else a member).
 */
export async function acceptInvitation(
  token: string,
  user: { id: string; email: string },
  now = new Date(),
): Promise<AcceptOutcome> {
  if (!TOKEN_SHAPE.test(token)) return { status: "not_found" };
  const db = await getDb();
  // Read before the transaction (the content store may load from disk), which then stays short.
  const criterionCourse = await loadCriterionCourse();
  const outcome = await db.$transaction(async (tx): Promise<AcceptOutcome> => {
    const inv = await tx.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      select: { ...invitationStateFields, organizationId: true, invitedById: true },
    });
    if (!inv) return { status: "not_found" };
    const state = invitationState(inv, now);
    if (state === "accepted") return { status: "used" };
    if (state !== "pending") return { status: state };
    if (inv.email.toLowerCase() !== user.email.toLowerCase()) return { status: "wrong_user", invitedEmail: inv.email };
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) return { status: "used" };
    // Other open invitations to the same address for this company are spent too.
    await tx.invitation.updateMany({
      where: {
        organizationId: inv.organizationId,
        email: inv.email,
        id: { not: inv.id },
        acceptedAt: null,
        revokedAt: null,
      },
      data: { revokedAt: now },
    });
    // Invitations written before the name rule may hold names no certificate should carry.
    if (isValidPersonName(inv.name))
      await tx.user.updateMany({ where: { id: user.id, name: null }, data: { name: inv.name } });
    const added = await addMember(tx, {
      organizationId: inv.organizationId,
      userId: user.id,
      roles: normalizeRoles(inv.roles),
      actorId: inv.invitedById,
    });
    if (!added.created) return { status: "already_member", organizationId: inv.organizationId, roles: added.roles };
    // Committed with the membership: the welcome says what is expected of them.
    await queueWelcomeMail(tx, {
      userId: user.id,
      organizationId: inv.organizationId,
      roles: added.roles,
      criterionCourse,
    });
    return {
      status: "accepted",
      organizationId: inv.organizationId,
      roles: added.roles,
      criterionChanged: added.criterionChanged,
    };
  });
  if (outcome.status === "accepted") nudgeMailDelivery();
  return outcome;
}

async function queueWelcomeMail(
  tx: Prisma.TransactionClient,
  input: { userId: string; organizationId: string; roles: OrgRole[]; criterionCourse: CertificateCourse | null },
) {
  const course = input.criterionCourse;
  const person = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { email: true, name: true, locale: true },
  });
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: input.organizationId },
    select: { name: true, country: true },
  });
  const language = recipientLanguage(person.locale, companyLanguage(organization.country));
  const mail = await welcomeMail({
    to: person.email,
    language,
    name: person.name,
    roles: input.roles,
    organizationId: input.organizationId,
    organizationName: organization.name,
    criterionCourse: course ? { slug: course.slug, title: course.title(language) } : null,
  });
  await enqueueMail(tx, { ...mail, kind: "welcome" });
}

// ---------- Landing ----------

/**
 * Where someone lands right after accepting an invitation: what is expected of them, not an empty
 * dashboard. Managers: the introductory course (the criterion course, which their certificate
 * proves for the company). Company admins who are not managers: their company's page, where they
 * invite and follow people. Everyone else: My learning, which lists their courses.
 */
export async function landingAfterInvitation(input: {
  userId: string;
  organizationId: string;
  roles: OrgRole[];
}): Promise<string> {
  if (input.roles.includes("manager")) {
    const course = await loadCriterionCourse();
    if (course) return `/courses/${course.slug}`;
  }
  if (input.roles.includes("org_admin") && !input.roles.includes("agent")) return `/team/${input.organizationId}`;
  return "/learning";
}

/**
 * The sign-in form opened from an invitation (redirectTo is the invitation's accept path) is
 * filled with the invited address; null for any other destination or an invitation no longer open.
 * The address is read from the invitation, never taken from the URL.
 */
export async function invitationForSignIn(
  redirectTo: string,
): Promise<{ email: string; organizationName: string } | null> {
  const match = /^\/invitations\/([A-Za-z0-9_-]{43})(?:\/accept)?$/.exec(redirectTo);
  if (!match) return null;
  const invitation = await findInvitationByToken(match[1]!);
  if (!invitation || invitation.state !== "pending") return null;
  return { email: invitation.email, organizationName: invitation.organization.name };
}
