// Playwright fixtures: data is created through the database layer (not the UI) so each test
// starts from a known state; sign-in either by a session row or through the real magic link.
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type OrgRole, type PlatformRole } from "../../../app/generated/prisma/client";
import { swedishOrgNumber } from "../../support/org-numbers";
import { e2eSettings } from "./settings";

export const settings = e2eSettings();

let sharedDb: PrismaClient | undefined;
export function e2eDb(): PrismaClient {
  sharedDb ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: settings.databaseUrl, max: 3 }) });
  return sharedDb;
}

export async function createOrganization(
  input: { name?: string; orgNumber?: string; membershipStatus?: "member" | "non_member" | "excluded" } = {},
) {
  return e2eDb().organization.create({
    data: {
      name: input.name ?? `Testbolaget ${randomUUID().slice(0, 6)} AB`,
      country: "SE",
      orgNumber: input.orgNumber ?? swedishOrgNumber(),
      membershipStatus: input.membershipStatus ?? "member",
      memberSince: new Date("2024-01-01"),
    },
  });
}

export async function createUser(
  input: {
    name?: string;
    email?: string;
    platformRole?: PlatformRole;
    /** One entry per company: `role` (one) or `roles` (several, e.g. an admin who is also a manager). */
    memberships?: Array<{ organizationId: string; role?: OrgRole; roles?: OrgRole[] }>;
  } = {},
) {
  const id = randomUUID().slice(0, 8);
  return e2eDb().user.create({
    data: {
      name: input.name ?? `Testperson ${id}`,
      email: (input.email ?? `person-${id}@e2e.example`).toLowerCase(),
      emailVerified: new Date(),
      platformRole: input.platformRole ?? "user",
      memberships: input.memberships
        ? {
            create: input.memberships.map((m) => ({
              organizationId: m.organizationId,
              roles: m.roles ?? (m.role ? [m.role] : []),
            })),
          }
        : undefined,
    },
  });
}

/** Signs a user in by creating a database session and handing the browser its cookie. */
export async function signInAs(context: BrowserContext, userId: string) {
  const sessionToken = randomUUID();
  await e2eDb().session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + 24 * 3600 * 1000) } });
  await context.addCookies([
    { name: "authjs.session-token", value: sessionToken, url: settings.baseUrl, httpOnly: true, sameSite: "Lax" },
  ]);
}

type ReceivedMail = { to: string[]; subject: string; text: string; html: string; receivedAt: string };

/** Waits for a mail to `to` (received by the in-process SMTP server) that matches `filter`. */
export async function waitForMail(
  to: string,
  filter: (mail: ReceivedMail) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(settings.mailFile)) {
      const mails = readFileSync(settings.mailFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ReceivedMail)
        .filter((m) => m.to.includes(to.toLowerCase()) && filter(m));
      const last = mails.at(-1);
      if (last) return last;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
}

export function firstLink(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`No link in mail: ${text}`);
  return match[0];
}

/** Signs in through the UI: request a magic link, read it from the SMTP server, follow it. */
export async function signInWithMagicLink(page: Page, email: string, redirectTo = "/") {
  const since = new Date().toISOString();
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel(/E-postadress|E-mail address|Sähköpostiosoite/).fill(email);
  await page.getByRole("button", { name: /inloggningslänk|sign-in link|kirjautumislinkki/i }).click();
  await expect(page).toHaveURL(/\/login\/check-email/);
  const mail = await waitForMail(email, (m) => m.receivedAt >= since);
  await page.goto(firstLink(mail.text));
}

/** Runs axe (WCAG 2.x A and AA) on the page and fails with the violations listed. */
export async function expectNoA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export const test = base;
export { expect };
