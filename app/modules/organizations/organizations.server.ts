// Companies as Kontakta's staff manage them: create, edit (name, country, organisation number,
// membership status and dates), and read one with its people count.
import { Prisma, type OrgRole } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { lockCompanies, recordMembershipChange, reevaluateCriterion } from "./criterion.server";
import { formatOrgNumber } from "./org-number";
import type { OrganizationInput } from "./organization-form";

export type SaveOrganizationResult = { ok: true; id: string } | { ok: false; error: "orgNumber_taken" | "not_found" };

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function createOrganization(input: OrganizationInput): Promise<SaveOrganizationResult> {
  const db = await getDb();
  try {
    const org = await db.organization.create({ data: input, select: { id: true } });
    return { ok: true, id: org.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "orgNumber_taken" };
    throw error;
  }
}

/**
 * Saves a company's details. A change of membership status is recorded in the same transaction
 * (a "membership" entry in the criterion history, cause membership_changed, one criterion.changed
 * webhook event with change "membership"), so the company's standing and its history stay in step
 * with what Kontakta changed and when.
 */
export async function updateOrganization(
  id: string,
  input: OrganizationInput,
  actorId: string | null,
): Promise<SaveOrganizationResult> {
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      await lockCompanies(tx, [id]);
      const before = await tx.organization.findUnique({ where: { id }, select: { membershipStatus: true } });
      if (!before) return { ok: false as const, error: "not_found" as const };
      await tx.organization.update({ where: { id }, data: input });
      if (before.membershipStatus !== input.membershipStatus) {
        // The standing changed: recorded in the history, audit chain and webhooks on its own
        // (the training criterion does not depend on it; a stale cache is caught up as well).
        await reevaluateCriterion(tx, id, "membership_changed", { actorId });
        await recordMembershipChange(tx, id, before.membershipStatus, { actorId });
      }
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "orgNumber_taken" };
    throw error;
  }
}

export async function getOrganization(id: string) {
  const db = await getDb();
  const org = await db.organization.findUnique({ where: { id } });
  if (!org) return null;
  // A person with several roles counts once under each; `total` counts people.
  const count = (role: OrgRole) => db.membership.count({ where: { organizationId: id, roles: { has: role } } });
  const [manager, agent, orgAdmin, total] = await Promise.all([
    count("manager"),
    count("agent"),
    count("org_admin"),
    db.membership.count({ where: { organizationId: id } }),
  ]);
  return {
    ...org,
    orgNumberDisplay: formatOrgNumber(org.orgNumber, org.country),
    people: { manager, agent, org_admin: orgAdmin, total },
  };
}
