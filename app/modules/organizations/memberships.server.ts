// People in a company: listing, changing roles, removing, adding (from an accepted invitation).
// A person holds a SET of roles in a company (Membership.roles, never empty). Every change that
// can move the trained-manager criterion (the manager role coming or going) re-evaluates it in the
// same transaction, recording the cause (role_changed, member_removed, member_added).
import type { OrgRole, Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { lockCompanies, lockPerson, reevaluateCriterion } from "./criterion.server";
import { applyRoleAssignments } from "~/modules/assignments/assignments.server";
import { normalizeRoles, sameRoles } from "./roles";
import { pageSize, pageWindow } from "~/utils/pagination";

type Client = Prisma.TransactionClient;

export { orgRoleValues as orgRoles } from "./roles";

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string | null;
  email: string;
  roles: OrgRole[];
  since: Date;
};

export const MEMBERS_PAGE_SIZE = 25;

const memberRowSelect = {
  id: true,
  roles: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.MembershipSelect;

function memberRow(m: Prisma.MembershipGetPayload<{ select: typeof memberRowSelect }>): MemberRow {
  return {
    membershipId: m.id,
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    roles: normalizeRoles(m.roles),
    since: m.createdAt,
  };
}

/** A company's people, page by page, by name (then address); `role` keeps those holding that role. */
export async function listMembers(
  organizationId: string,
  options: { page?: number; pageSize?: number; role?: OrgRole | null; db?: Client } = {},
): Promise<{ items: MemberRow[]; page: number; pages: number; total: number }> {
  const db = options.db ?? (await getDb());
  const where: Prisma.MembershipWhereInput = {
    organizationId,
    ...(options.role ? { roles: { has: options.role } } : {}),
  };
  const { skip, take, ...window } = pageWindow(
    await db.membership.count({ where }),
    options.page,
    pageSize(options.pageSize, MEMBERS_PAGE_SIZE),
  );
  const rows = await db.membership.findMany({
    where,
    orderBy: [{ user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }, { id: "asc" }],
    skip,
    take,
    select: memberRowSelect,
  });
  return {
    items: rows.map(memberRow),
    ...window,
  };
}

export type MembershipChangeError = "not_found" | "last_admin" | "unchanged" | "no_roles";

async function findMembership(tx: Client, organizationId: string, membershipId: string) {
  // Scoped by company: an id from another company is simply not found.
  return tx.membership.findFirst({
    where: { id: membershipId, organizationId },
    select: { id: true, userId: true, roles: true },
  });
}

/**
 * The membership, read again under the person's and the company's locks (its roles may have
 * changed since the first read); null when it is not this company's or is gone.
 */
async function lockMembership(tx: Client, organizationId: string, membershipId: string) {
  const membership = await findMembership(tx, organizationId, membershipId);
  if (!membership) return null;
  await lockPerson(tx, membership.userId);
  await lockCompanies(tx, [organizationId]);
  return findMembership(tx, organizationId, membershipId);
}

async function isLastAdmin(tx: Client, organizationId: string, membershipId: string) {
  const others = await tx.membership.count({
    where: { organizationId, roles: { has: "org_admin" }, id: { not: membershipId } },
  });
  return others === 0;
}

/**
 * Sets a person's roles in the company (one or several). Refuses an empty set, and refuses to
 * take the company admin role from the last company admin (the company would have nobody left to
 * manage its people). Only a change of the manager role can move the criterion, so only then is
 * it re-evaluated (cause role_changed): removing only the manager role from an admin+manager
 * flips it just as removing the person would.
 */
export async function setRoles(input: {
  organizationId: string;
  membershipId: string;
  roles: readonly OrgRole[];
  actorId: string | null;
}): Promise<{ ok: true; roles: OrgRole[]; criterionChanged: boolean } | { ok: false; error: MembershipChangeError }> {
  const roles = normalizeRoles(input.roles);
  if (roles.length === 0) return { ok: false, error: "no_roles" };
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const current = await lockMembership(tx, input.organizationId, input.membershipId);
    if (!current) return { ok: false as const, error: "not_found" as const };
    if (sameRoles(current.roles, roles)) return { ok: false as const, error: "unchanged" as const };
    const losesAdmin = current.roles.includes("org_admin") && !roles.includes("org_admin");
    if (losesAdmin && (await isLastAdmin(tx, input.organizationId, current.id))) {
      return { ok: false as const, error: "last_admin" as const };
    }
    await tx.membership.update({ where: { id: current.id }, data: { roles } });
    // Course assignments made to a role follow it (gained: assigned now; lost: dropped).
    await applyRoleAssignments(tx, current.id);
    let criterionChanged = false;
    if (current.roles.includes("manager") !== roles.includes("manager")) {
      const result = await reevaluateCriterion(tx, input.organizationId, "role_changed", {
        userId: current.userId,
        actorId: input.actorId,
      });
      criterionChanged = result.changed;
    }
    return { ok: true as const, roles, criterionChanged };
  });
}

/** Removes a person from the company (their account and certificates stay theirs). */
export async function removeMember(input: {
  organizationId: string;
  membershipId: string;
  actorId: string | null;
}): Promise<{ ok: true; criterionChanged: boolean } | { ok: false; error: MembershipChangeError }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const current = await lockMembership(tx, input.organizationId, input.membershipId);
    if (!current) return { ok: false as const, error: "not_found" as const };
    if (current.roles.includes("org_admin") && (await isLastAdmin(tx, input.organizationId, current.id))) {
      return { ok: false as const, error: "last_admin" as const };
    }
    await tx.membership.delete({ where: { id: current.id } });
    let criterionChanged = false;
    if (current.roles.includes("manager")) {
      const result = await reevaluateCriterion(tx, input.organizationId, "member_removed", {
        userId: current.userId,
        actorId: input.actorId,
      });
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
  input: { organizationId: string; userId: string; roles: readonly OrgRole[]; actorId: string | null },
): Promise<{ created: boolean; roles: OrgRole[]; criterionChanged: boolean }> {
  const roles = normalizeRoles(input.roles);
  if (roles.length === 0) throw new Error("addMember: a membership needs at least one role");
  await lockPerson(tx, input.userId);
  await lockCompanies(tx, [input.organizationId]);
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
    select: { roles: true },
  });
  if (existing) return { created: false, roles: normalizeRoles(existing.roles), criterionChanged: false };
  const created = await tx.membership.create({
    data: { userId: input.userId, organizationId: input.organizationId, roles },
    select: { id: true },
  });
  // A new member gets the courses assigned to their roles.
  await applyRoleAssignments(tx, created.id);
  let criterionChanged = false;
  if (roles.includes("manager")) {
    const result = await reevaluateCriterion(tx, input.organizationId, "member_added", {
      userId: input.userId,
      actorId: input.actorId,
    });
    criterionChanged = result.changed;
  }
  return { created: true, roles, criterionChanged };
}

/** One membership of a company, for the removal confirmation page. */
export async function getMember(organizationId: string, membershipId: string): Promise<MemberRow | null> {
  const db = await getDb();
  const m = await db.membership.findFirst({
    where: { id: membershipId, organizationId },
    select: memberRowSelect,
  });
  return m ? memberRow(m) : null;
}
