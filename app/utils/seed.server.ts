// Development sample data: organisations, a Kontakta admin, managers, agents and company admins,
// so a newcomer can sign in (via the dev outbox) and click around at once. Never in production.
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

export const seedOrganizations = [
  { id: "org-syd", name: "Telefonförsäljning Syd AB", country: "SE", orgNumber: "5566778899", membershipStatus: "member" },
  { id: "org-norr", name: "Kundservice Norr AB", country: "SE", orgNumber: "5561234567", membershipStatus: "member" },
  { id: "org-vast", name: "Västkust Kontaktcenter AB", country: "SE", orgNumber: "5590123450", membershipStatus: "non_member" },
  { id: "org-fi", name: "Asiakaspalvelu Oy", country: "FI", orgNumber: "1572860-0", membershipStatus: "member" },
] as const;

export const seedUsers = [
  { email: "admin@kontakta.example", name: "Karin Kontakta", platformRole: "admin", memberships: [] },
  { email: "chef@syd.example", name: "Maria Chef", platformRole: "user", memberships: [["org-syd", "manager"]] },
  { email: "admin@syd.example", name: "Anders Admin", platformRole: "user", memberships: [["org-syd", "org_admin"]] },
  { email: "agent@syd.example", name: "Sara Säljare", platformRole: "user", memberships: [["org-syd", "agent"]] },
  { email: "agent2@syd.example", name: "Omar Kundtjänst", platformRole: "user", memberships: [["org-syd", "agent"]] },
  { email: "chef@norr.example", name: "Erik Norrman", platformRole: "user", memberships: [["org-norr", "manager"], ["org-vast", "manager"]] },
  { email: "admin@norr.example", name: "Lena Lind", platformRole: "user", memberships: [["org-norr", "org_admin"]] },
  { email: "agent@norr.example", name: "Jonas Åberg", platformRole: "user", memberships: [["org-norr", "agent"]] },
  { email: "esihenkilo@asiakaspalvelu.example", name: "Aino Virtanen", platformRole: "user", memberships: [["org-fi", "manager"]] },
  { email: "myyja@asiakaspalvelu.example", name: "Mikko Mäkinen", platformRole: "user", memberships: [["org-fi", "agent"]] },
] as const;

export async function seed() {
  if (getEnv().isProduction) throw new Error("The sample data is never loaded in production.");
  const db = await getDb();
  await db.$transaction(async (tx) => {
    for (const org of seedOrganizations) {
      await tx.organization.upsert({
        where: { orgNumber: org.orgNumber },
        update: {},
        create: { ...org, memberSince: org.membershipStatus === "member" ? new Date("2024-01-01") : null },
      });
    }
    for (const u of seedUsers) {
      const user = await tx.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, platformRole: u.platformRole, emailVerified: new Date() },
      });
      for (const [organizationId, role] of u.memberships) {
        await tx.membership.upsert({
          where: { userId_organizationId: { userId: user.id, organizationId } },
          update: {},
          create: { userId: user.id, organizationId, roles: [role] },
        });
      }
    }
  });
  logger.info("sample data loaded", { organizations: seedOrganizations.length, users: seedUsers.length });
}

/** Loads the sample data into an empty database (no users yet). */
export async function seedIfEmpty() {
  const db = await getDb();
  if ((await db.user.count()) > 0) return false;
  await seed();
  return true;
}
