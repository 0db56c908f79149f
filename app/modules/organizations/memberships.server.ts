// People in a company: listing, changing roles, removing, adding (from an accepted invitation).
// Every change that can move the trained-manager criterion re-evaluates it in the same
// transaction, recording the cause (role_changed, member_removed, member_added).
import type { OrgRole, Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { lockCompanies, lockPerson, reevaluateCriterion } from "./criterion.server";

type Client = Prisma.TransactionClient;

export { orgRoleValues as orgRoles } from "./roles";

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string | null;
  email: string;
  role: OrgRole;
  since: Date;
};

export const MEMBERS_PAGE_SIZE = 25;

/** A company's people, page by page (managers, agents, then company admins; each by name). */
export async function listMembers(
  organizationId: string,
  options: { page?: number; pageSize?: number; role?: OrgRole | null; db?: Client } = {},
): Promise<{ items: MemberRow[]; page: number; pages: number; total: number }> {
  const db = options.db ?? (await getDb());
  const pageSize = Math.min(Math.max(options.pageSize ?? MEMBERS_PAGE_SIZE, 1), 200);
  const where: Prisma.MembershipWhereInput = { organizationId, ...(options.role ? { role: options.role } : {}) };
  const total = await db.membership.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(options.page ?? 1), 1), pages);
  const rows = await db.membership.findMany({
    where,
    orderBy: [{ role: "asc" }, { user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return {
    items: rows.map((m) => ({ membershipId: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt })),
    page,
    pages,
    total,
  };
}

export type MembershipChangeError = "not_found" | "last_admin" | "unchanged";

async function findMembership(tx: Client, organizationId: string, membershipId: string) {
  // Scoped by company: an id from another company is simply not found.
  return tx.membership.findFirst({ where: { id: membershipId, organizationId }, select: { id: true, userId: true, role: true } });
}

async function isLastAdmin(tx: Client, organizationId: string, membershipId: string) {
  const others = await tx.membership.count({ where: { organizationId, role: "org_admin", id: { not: membershipId } } });
  return others === 0;
}

/**
 * Gives a person another role in the company. Refuses to take the last company admin's role
 * away (the company would have nobody left to manage its people).
 */
export async function changeRole(
  input: { organizationId: string; membershipId: string; role: OrgRole; actorId: string | null },
): Promise<{ ok: true; criterionChanged: boolean } | { ok: false; error: MembershipChangeError }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const membership = await findMembership(tx, input.organizationId, input.membershipId);
    if (!membership) return { ok: false as const, error: "not_found" as const };
    await lockPerson(tx, membership.userId);
    await lockCompanies(tx, [input.organizationId]);
    // Re-read under the locks: the role may have changed since.
    const current = await findMembership(tx, input.organizationId, input.membershipId);
    if (!current) return { ok: false as const, error: "not_found" as const };
    if (current.role === input.role) return { ok: false as const, error: "unchanged" as const };
    if (current.role === "org_admin" && (await isLastAdmin(tx, input.organizationId, current.id))) {
      return { ok: false as const, error: "last_admin" as const };
    }
    await tx.membership.update({ where: { id: current.id }, data: { role: input.role } });
    let criterionChanged = false;
    if (current.role === "manager" || input.role === "manager") {
      const result = await reevaluateCriterion(tx, input.organizationId, "role_changed", { userId: current.userId, actorId: input.actorId });
      criterionChanged = result.changed;
    }
    return { ok: true as const, criterionChanged };
  });
}

/** Removes a person from the company (their account and certificates stay theirs). */
export async function removeMember(
  input: { organizationId: string; membershipId: string; actorId: string | null },
): Promise<{ ok: true; criterionChanged: boolean } | { ok: false; error: MembershipChangeError }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const membership = await findMembership(tx, input.organizationId, input.membershipId);
    if (!membership) return { ok: false as const, error: "not_found" as const };
    await lockPerson(tx, membership.userId);
    await lockCompanies(tx, [input.organizationId]);
    const current = await findMembership(tx, input.organizationId, input.membershipId);
    if (!current) return { ok: false as const, error: "not_found" as const };
    if (current.role === "org_admin" && (await isLastAdmin(tx, input.organizationId, current.id))) {
      return { ok: false as const, error: "last_admin" as const };
    }
    await tx.membership.delete({ where: { id: current.id } });
    let criterionChanged = false;
    if (current.role === "manager") {
      const result = await reevaluateCriterion(tx, input.organizationId, "member_removed", { userId: current.userId, actorId: input.actorId });
      criterionChanged = result.changed;
    }
    return { ok: true as const, criterionChanged };
  });
}

/**
 * Adds a person to a company inside `tx` (used when an invitation is accepted). An existing
 * membership is left as it is. Takes the locks in the criterion's order.
 */
export async function addMember(
  tx: Client,
  input: { organizationId: string; userId: string; role: OrgRole; actorId: string | null },
): Promise<{ created: boolean; role: OrgRole; criterionChanged: boolean }> {
  await lockPerson(tx, input.userId);
  await lockCompanies(tx, [input.organizationId]);
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
    select: { role: true },
  });
  if (existing) return { created: false, role: existing.role, criterionChanged: false };
  await tx.membership.create({ data: { userId: input.userId, organizationId: input.organizationId, role: input.role } });
  let criterionChanged = false;
  if (input.role === "manager") {
    const result = await reevaluateCriterion(tx, input.organizationId, "member_added", { userId: input.userId, actorId: input.actorId });
    criterionChanged = result.changed;
  }
  return { created: true, role: input.role, criterionChanged };
}

/** One membership of a company, for the removal confirmation page. */
export async function getMember(organizationId: string, membershipId: string): Promise<MemberRow | null> {
  const db = await getDb();
  const m = await db.membership.findFirst({
    where: { id: membershipId, organizationId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return m ? { membershipId: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt } : null;
}
