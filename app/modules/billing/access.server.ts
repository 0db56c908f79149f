// Who may take a paid course, and why: answered from the course's price, the person's purchases,
// assigned seats and their companies' Kontakta membership. Called only by canEnroll
// (app/modules/courses/entitlement.server.ts), the one gate.
import type { Prisma } from "~/generated/prisma/client";
import { getDb } from "~/utils/db.server";
import { currencyFor, isPaidCourse, unitPriceFor, type CoursePriceRow, type UnitPrice } from "./pricing";
import { coursePriceSelect } from "./prices.server";
import { paymentsEnabled } from "./stripe.server";

type Client = Prisma.TransactionClient;

export type AccessBasis = "free" | "started" | "purchase" | "seat" | "included" | "staff";
/** What a person without access can do: buy the course, ask their company admin for a seat, buy seats for their company, or contact Kontakta. */
export type AccessHelp = "buy" | "ask-admin" | "buy-seats" | "contact";

export type CourseAccess = { allowed: true; basis: AccessBasis } | { allowed: false; help: AccessHelp[] };

export async function getCoursePrice(courseSlug: string, db?: Client): Promise<CoursePriceRow | null> {
  const client = db ?? (await getDb());
  return client.coursePrice.findUnique({ where: { courseSlug }, select: coursePriceSelect });
}

export type BuyerContext = {
  /** In at least one Kontakta member company. */
  member: boolean;
  /** Companies where the person is the company admin (they may buy seat packs). */
  adminOf: Array<{ id: string; name: string; country: "SE" | "FI"; member: boolean }>;
  /** The country prices are shown for: the first company's, else from the language (fi → FI). */
  country: string;
  inCompany: boolean;
};

export async function buyerContext(user: { id: string; locale: string | null }, db?: Client): Promise<BuyerContext> {
  const client = db ?? (await getDb());
  const memberships = await client.membership.findMany({
    where: { userId: user.id },
    select: { roles: true, organization: { select: { id: true, name: true, country: true, membershipStatus: true } } },
    orderBy: { createdAt: "asc" },
  });
  const first = memberships[0]?.organization;
  return {
    member: memberships.some((m) => m.organization.membershipStatus === "member"),
    adminOf: memberships
      .filter((m) => m.roles.includes("org_admin"))
      .map((m) => ({
        id: m.organization.id,
        name: m.organization.name,
        country: m.organization.country,
        member: m.organization.membershipStatus === "member",
      })),
    country: first?.country ?? (user.locale === "fi" ? "FI" : "SE"),
    inCompany: memberships.length > 0,
  };
}

/** The person's individual price for the course (excl. VAT), as the price list shows it to them. */
export function individualPrice(price: CoursePriceRow | null, buyer: BuyerContext): UnitPrice {
  return unitPriceFor(price, { member: buyer.member, currency: currencyFor(buyer.country) });
}

export async function courseAccess(
  user: { id: string; locale: string | null; platformRole?: string },
  courseSlug: string,
  db?: Client,
): Promise<CourseAccess> {
  const client = db ?? (await getDb());
  const price = await getCoursePrice(courseSlug, client);
  if (!isPaidCourse(price)) return { allowed: true, basis: "free" };
  // Kontakta's staff review every course (support, content) without buying it.
  if (user.platformRole === "admin") return { allowed: true, basis: "staff" };
  const [enrollment, entitlement, buyer] = await Promise.all([
    client.enrollment.findUnique({
      where: { userId_courseSlug: { userId: user.id, courseSlug } },
      select: { id: true },
    }),
    client.entitlement.findFirst({
      where: { userId: user.id, courseSlug, revokedAt: null },
      select: { source: true },
      orderBy: { grantedAt: "asc" },
    }),
    buyerContext(user, client),
  ]);
  // Whoever started keeps access: refunds and moved seats only ever take unstarted access.
  if (enrollment) return { allowed: true, basis: "started" };
  if (entitlement) return { allowed: true, basis: entitlement.source === "seat" ? "seat" : "purchase" };
  if (buyer.member && price.includedInMembership) return { allowed: true, basis: "included" };
  const help: AccessHelp[] = [];
  const payments = paymentsEnabled();
  if (buyer.adminOf.length > 0 && payments) help.push("buy-seats");
  if (buyer.inCompany && buyer.adminOf.length === 0) help.push("ask-admin");
  if (payments && individualPrice(price, buyer).kind === "price") help.push("buy");
  if (help.length === 0 || !payments) help.push("contact");
  return { allowed: false, help: [...new Set(help)] };
}
