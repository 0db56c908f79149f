// The valid-certificate rule written three ways (the JavaScript predicate, the Prisma `where` and
// the SQL fragment, app/modules/certificates/validity*.ts) and the criterion's met / expiring /
// not_met mapping written twice (criterionStatusOf in JavaScript, the SQL in the company lists)
// agree on a table of cases, on the real database (both engines).
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { generateNumber } from "~/modules/certificates/number";
import { certificateStatus, isValidAt, type CertificateStatus } from "~/modules/certificates/validity";
import {
  lapsedCertificateWhere,
  validCertificateSql,
  validCertificateWhere,
} from "~/modules/certificates/validity.server";
import {
  countCompaniesByCriterion,
  getCriterionStatus,
  listCompaniesByCriterion,
  type CriterionStatusValue,
} from "~/modules/organizations/criterion.server";
import { getDb } from "~/utils/db.server";
import { createCompany, createPerson, CRITERION_COURSE } from "../support/domain-fixtures";

const DAY = 86_400_000;
// A fixed moment with whole milliseconds (the columns keep milliseconds).
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (ms: number) => new Date(now.getTime() + ms);

type Case = {
  name: string;
  expiresAt: Date | null;
  revokedAt?: Date | null;
  contentVersion?: string;
  expected: CertificateStatus;
};

const cases: Case[] = [
  { name: "valid for a year", expiresAt: at(365 * DAY), expected: "valid" },
  { name: "expired yesterday", expiresAt: at(-DAY), expected: "expired" },
  { name: "expires exactly now", expiresAt: now, expected: "expired" },
  { name: "expires a millisecond from now", expiresAt: at(1), expected: "valid" },
  { name: "never expires", expiresAt: null, expected: "valid" },
  { name: "revoked, never expires", expiresAt: null, revokedAt: at(-DAY), expected: "revoked" },
  { name: "revoked but not expired", expiresAt: at(30 * DAY), revokedAt: at(-DAY), expected: "revoked" },
  { name: "revoked and expired", expiresAt: at(-DAY), revokedAt: at(-3 * DAY), expected: "revoked" },
  {
    name: "an older course version, still within its validity",
    expiresAt: at(100 * DAY),
    contentVersion: "2020.1",
    expected: "valid",
  },
  { name: "expires in 59 days", expiresAt: at(59 * DAY), expected: "valid" },
  { name: "expires in exactly 60 days", expiresAt: at(60 * DAY), expected: "valid" },
  { name: "expires in 61 days", expiresAt: at(61 * DAY), expected: "valid" },
];

/** A certificate row of the criterion course for `userId`, written directly (no events: only the rule is under test). */
async function certificate(userId: string, c: Omit<Case, "name" | "expected">) {
  const db = await getDb();
  const attempt = await db.quizAttempt.create({
    data: {
      userId,
      courseSlug: CRITERION_COURSE,
      contentVersion: c.contentVersion ?? "1",
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 90,
      gradedAt: at(-400 * DAY),
    },
  });
  return db.certificate.create({
    data: {
      number: generateNumber((n) => randomBytes(n)),
      userId,
      attemptId: attempt.id,
      holderName: "Testperson",
      courseSlug: CRITERION_COURSE,
      contentVersion: c.contentVersion ?? "1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 90,
      issuedAt: at(-400 * DAY),
      expiresAt: c.expiresAt,
      revokedAt: c.revokedAt ?? null,
      revokedReason: c.revokedAt ? "test" : null,
    },
  });
}

describe("when a certificate counts as valid", () => {
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const company = await createCompany();
    const person = await createPerson(company.id, "manager");
    for (const c of cases) ids.set(c.name, (await certificate(person.id, c)).id);
  });

  it("the JavaScript predicate, the Prisma where and the SQL fragment agree on every case", async () => {
    const db = await getDb();
    const all = [...ids.values()];
    const byPrisma = new Set(
      (
        await db.certificate.findMany({
          where: { id: { in: all }, ...validCertificateWhere(now) },
          select: { id: true },
        })
      ).map((r) => r.id),
    );
    const bySql = new Set(
      (
        await db.$queryRaw<
          Array<{ id: string }>
        >`SELECT c."id" FROM "Certificate" c WHERE c."id" IN (${Prisma.join(all)}) AND ${validCertificateSql("c", now)}`
      ).map((r) => r.id),
    );
    const lapsed = new Set(
      (
        await db.certificate.findMany({
          where: { id: { in: all }, ...lapsedCertificateWhere(now) },
          select: { id: true },
        })
      ).map((r) => r.id),
    );
    const rows = new Map(
      (
        await db.certificate.findMany({
          where: { id: { in: all } },
          select: { id: true, revokedAt: true, expiresAt: true },
        })
      ).map((r) => [r.id, r]),
    );

    const seen = cases.map((c) => {
      const id = ids.get(c.name)!;
      return {
        name: c.name,
        js: certificateStatus(rows.get(id)!, now),
        jsValid: isValidAt(rows.get(id)!, now),
        prisma: byPrisma.has(id),
        sql: bySql.has(id),
        lapsed: lapsed.has(id),
      };
    });
    expect(seen).toEqual(
      cases.map((c) => ({
        name: c.name,
        js: c.expected,
        jsValid: c.expected === "valid",
        prisma: c.expected === "valid",
        sql: c.expected === "valid",
        lapsed: c.expected === "expired",
      })),
    );
  });

  it("refuses a table alias that is not a plain name (it goes into the SQL as written)", () => {
    expect(() => validCertificateSql('c"; DROP TABLE "Certificate"; --', now)).toThrow(/not a table alias/);
  });
});

describe("the criterion's met / expiring / not_met", () => {
  // Each company has one manager holding these certificates of the criterion course.
  const companies: Array<{
    name: string;
    certificates: Array<Omit<Case, "name" | "expected">>;
    expected: CriterionStatusValue;
  }> = [
    { name: "nothing", certificates: [], expected: "not_met" },
    ...cases.map((c) => ({
      name: c.name,
      certificates: [c],
      expected: (c.expected !== "valid"
        ? "not_met"
        : c.expiresAt !== null && c.expiresAt.getTime() <= at(60 * DAY).getTime()
          ? "expiring"
          : "met") as CriterionStatusValue,
    })),
    {
      name: "one expiring soon, one never expiring",
      certificates: [{ expiresAt: at(10 * DAY) }, { expiresAt: null }],
      expected: "met",
    },
    {
      name: "one in 30 days, one in 61 days",
      certificates: [{ expiresAt: at(30 * DAY) }, { expiresAt: at(61 * DAY) }],
      expected: "met",
    },
    {
      name: "one in 30 days, one in 59 days",
      certificates: [{ expiresAt: at(30 * DAY) }, { expiresAt: at(59 * DAY) }],
      expected: "expiring",
    },
    {
      name: "expiring soon, and a revoked one that would last",
      certificates: [{ expiresAt: at(30 * DAY) }, { expiresAt: null, revokedAt: at(-DAY) }],
      expected: "expiring",
    },
  ];
  const prefix = `Validity ${randomBytes(3).toString("hex")}`;
  const orgIds = new Map<string, string>();

  beforeAll(async () => {
    for (const [i, c] of companies.entries()) {
      const company = await createCompany({ name: `${prefix} ${String(i).padStart(2, "0")} ${c.name}` });
      const manager = await createPerson(company.id, "manager");
      for (const cert of c.certificates) await certificate(manager.id, cert);
      orgIds.set(c.name, company.id);
    }
  });

  it("criterionStatusOf (the page, the API) and the SQL of the company lists agree", async () => {
    const page = await listCompaniesByCriterion({ search: prefix, limit: 200, now });
    const listed = new Map(page.items.map((r) => [r.id, r.status]));
    const seen = [];
    for (const c of companies) {
      const id = orgIds.get(c.name)!;
      seen.push({ name: c.name, live: (await getCriterionStatus(id, { now }))!.status, list: listed.get(id) });
    }
    expect(seen).toEqual(companies.map((c) => ({ name: c.name, live: c.expected, list: c.expected })));
  });

  it("the list filters and the counts use the same mapping (expiring ⊂ met)", async () => {
    const want = (s: CriterionStatusValue[]) =>
      companies
        .filter((c) => s.includes(c.expected))
        .map((c) => orgIds.get(c.name))
        .sort();
    const ids = async (status: "met" | "not_met" | "expiring") =>
      (await listCompaniesByCriterion({ search: prefix, status, limit: 200, now })).items.map((r) => r.id).sort();
    expect(await ids("met")).toEqual(want(["met", "expiring"]));
    expect(await ids("expiring")).toEqual(want(["expiring"]));
    expect(await ids("not_met")).toEqual(want(["not_met"]));
    const counts = await countCompaniesByCriterion({ search: prefix, now });
    expect({ met: counts.met, expiring: counts.expiring, notMet: counts.notMet }).toEqual({
      met: want(["met", "expiring"]).length,
      expiring: want(["expiring"]).length,
      notMet: want(["not_met"]).length,
    });
  });
});
