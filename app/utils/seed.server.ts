// Development sample data: organisations, a Kontakta admin, managers, agents and company admins,
// so a newcomer can sign in (via the dev outbox) and click around at once. Never in production.
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

export const seedOrganizations = [
  {
    id: "org-syd",
    name: "Telefonförsäljning Syd AB",
    country: "SE",
    orgNumber: "5566778899",
    membershipStatus: "member",
  },
  { id: "org-norr", name: "Kundservice Norr AB", country: "SE", orgNumber: "5561234567", membershipStatus: "member" },
  {
    id: "org-vast",
    name: "Västkust Kontaktcenter AB",
    country: "SE",
    orgNumber: "5590123450",
    membershipStatus: "non_member",
  },
  { id: "org-fi", name: "Asiakaspalvelu Oy", country: "FI", orgNumber: "1572860-0", membershipStatus: "member" },
] as const;

export const seedUsers = [
  { email: "admin@kontakta.example", name: "Karin Kontakta", platformRole: "admin", memberships: [] },
  { email: "chef@syd.example", name: "Maria Chef", platformRole: "user", memberships: [["org-syd", "manager"]] },
  { email: "admin@syd.example", name: "Anders Admin", platformRole: "user", memberships: [["org-syd", "org_admin"]] },
  { email: "agent@syd.example", name: "Sara Säljare", platformRole: "user", memberships: [["org-syd", "agent"]] },
  { email: "agent2@syd.example", name: "Omar Kundtjänst", platformRole: "user", memberships: [["org-syd", "agent"]] },
  {
    email: "chef@norr.example",
    name: "Erik Norrman",
    platformRole: "user",
    memberships: [
      ["org-norr", "manager"],
      ["org-vast", "manager"],
    ],
  },
  { email: "admin@norr.example", name: "Lena Lind", platformRole: "user", memberships: [["org-norr", "org_admin"]] },
  { email: "agent@norr.example", name: "Jonas Åberg", platformRole: "user", memberships: [["org-norr", "agent"]] },
  {
    email: "esihenkilo@asiakaspalvelu.example",
    name: "Aino Virtanen",
    platformRole: "user",
    memberships: [["org-fi", "manager"]],
  },
  {
    email: "myyja@asiakaspalvelu.example",
    name: "Mikko Mäkinen",
    platformRole: "user",
    memberships: [["org-fi", "agent"]],
  },
] as const;

/**
 * Sample prices (excl. VAT, minor units): the introductory course is included in Kontakta
 * membership (list price for non-members), the invoice-like offers course is paid (member price
 * for members). Every other course has no price and stays free for everyone signed in.
 */
export const seedPrices = [
  {
    courseSlug: "introduktion-for-chefer",
    listSek: 250_000,
    listEur: 23_000,
    memberSek: null,
    memberEur: null,
    includedInMembership: true,
  },
  {
    courseSlug: "fakturaliknande-erbjudanden",
    listSek: 120_000,
    listEur: 11_000,
    memberSek: 90_000,
    memberEur: 8_500,
    includedInMembership: false,
  },
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
    for (const price of seedPrices) {
      await tx.coursePrice.upsert({ where: { courseSlug: price.courseSlug }, update: {}, create: { ...price } });
    }
    // A paid sample seat pack for Telefonförsäljning Syd AB (3 seats of the paid course), one seat
    // given to agent@syd.example, so the seats and orders pages have something to show.
    const syd = await tx.organization.findUniqueOrThrow({ where: { orgNumber: "5566778899" } });
    const buyer = await tx.user.findUniqueOrThrow({ where: { email: "admin@syd.example" } });
    const agent = await tx.user.findUniqueOrThrow({ where: { email: "agent@syd.example" } });
    const existing = await tx.order.findUnique({ where: { number: "KA-SAMPLE-0001" } });
    if (!existing) {
      const order = await tx.order.create({
        data: {
          number: "KA-SAMPLE-0001",
          kind: "seat_pack",
          status: "paid",
          buyerId: buyer.id,
          organizationId: syd.id,
          buyerType: "business",
          buyerCountry: "SE",
          buyerName: "Anders Admin",
          buyerEmail: buyer.email,
          orgName: syd.name,
          orgNumber: "556677-8899",
          vatTreatment: "domestic",
          vatRateBp: 2500,
          currency: "SEK",
          netAmount: 270_000,
          vatAmount: 67_500,
          totalAmount: 337_500,
          memberPrice: true,
          paidAt: new Date("2026-11-30T09:00:00Z"),
          lines: {
            create: {
              courseSlug: "fakturaliknande-erbjudanden",
              description: "Fakturaliknande erbjudanden",
              quantity: 3,
              unitNet: 90_000,
              netAmount: 270_000,
              vatRateBp: 2500,
              vatAmount: 67_500,
            },
          },
        },
      });
      const pack = await tx.seatPack.create({
        data: {
          orderId: order.id,
          organizationId: syd.id,
          courseSlug: "fakturaliknande-erbjudanden",
          seatsBought: 3,
          seats: 3,
        },
      });
      const seat = await tx.seatAssignment.create({
        data: { seatPackId: pack.id, userId: agent.id, assignedById: buyer.id },
      });
      await tx.entitlement.create({
        data: {
          userId: agent.id,
          courseSlug: "fakturaliknande-erbjudanden",
          source: "seat",
          seatAssignmentId: seat.id,
        },
      });
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
