// The certification API end to end on both engines: every response checked against the OpenAPI
// document with ajv, authentication and scopes, request logging, the four endpoints with real
// data, webhook subscription management, and fuzzed parameters that must give 4xx, never 5xx.
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { revokeApiClient } from "~/modules/api/clients.server";
import { SETTLE_MS } from "~/modules/api/certification.server";
import { API_ERRORS } from "~/modules/api/errors";
import { openApiDocument } from "~/modules/api/openapi";
import { querySchemas } from "~/modules/api/schemas";
import { getDb } from "~/utils/db.server";
import { flushAllWriteBatches } from "~/utils/write-batch.server";
import {
  callApi,
  callJson,
  conformsToDocument,
  createCompany,
  createPerson,
  issueCertificate,
  newClient,
  revokeCertificate,
  schemaErrors,
  type CallOptions,
} from "../support/api-harness";

// This file makes far more calls per minute than the default limit; api-rate-limit.test.ts tests the limit.
process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";

const engine = process.env.KA_TEST_ENGINE;

/** Calls the API and checks the answer against the document for this path template. */
async function call(template: string, path: string, options: CallOptions = {}) {
  const result = await callJson(path, options);
  const problem = conformsToDocument(template, options.method ?? "GET", result.status, result.body);
  expect(problem, `${options.method ?? "GET"} ${path} → ${result.status} ${JSON.stringify(result.body)}`).toBeNull();
  if (result.status >= 400) {
    const code = (result.body as { error: { code: keyof typeof API_ERRORS } }).error.code;
    expect(API_ERRORS[code], `${code} carries its status`).toBe(result.status);
  }
  return result as { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Waits until every certificate and enrolment written so far is older than the settle window. */
async function settled() {
  const db = await getDb();
  const [certificates, enrollments] = await Promise.all([
    db.certificate.aggregate({ _max: { updatedAt: true } }),
    db.enrollment.aggregate({ _max: { updatedAt: true } }),
  ]);
  const newest = Math.max(certificates._max.updatedAt?.getTime() ?? 0, enrollments._max.updatedAt?.getTime() ?? 0);
  await vi.waitFor(
    () => {
      if (Date.now() - SETTLE_MS <= newest) throw new Error("recent changes have not settled yet");
    },
    { timeout: SETTLE_MS + 5_000, interval: 50 },
  );
}

let allScopes: string;
let criteriaOnly: string;

beforeAll(async () => {
  allScopes = (await newClient(["criteria:read", "certificates:read", "completions:read"], "All scopes")).key;
  criteriaOnly = (await newClient(["criteria:read"], "Criteria only")).key;
});

describe(`certification API on ${engine}`, () => {
  describe("the OpenAPI document", () => {
    it("is served publicly as OpenAPI 3.1 and names a query schema for every operation", async () => {
      const { status, body, headers } = await callJson("/openapi.json");
      expect(status).toBe(200);
      expect(headers.get("content-type")).toMatch(/application\/json/);
      expect(body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
      const operations = Object.values(openApiDocument.paths ?? {}).flatMap((item) =>
        Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
      );
      expect(new Set(operations)).toEqual(new Set(Object.keys(querySchemas)));
    });

    it("compiles every component schema", () => {
      for (const name of Object.keys(openApiDocument.components?.schemas ?? {})) {
        expect(() => schemaErrors(name, {})).not.toThrow();
      }
    });
  });

  describe("authentication, scopes and the request log", () => {
    it("refuses a request without a key (401 missing_key, WWW-Authenticate)", async () => {
      const res = await call("/companies", "/companies");
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("missing_key");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    });

    it("refuses malformed and unknown keys with invalid_key", async () => {
      for (const key of [
        "nonsense",
        "ka_live_abcdefghijkm_" + "x".repeat(43),
        `${allScopes.slice(0, -1)}${allScopes.endsWith("A") ? "B" : "A"}`,
      ]) {
        const res = await call("/companies", "/companies", { key });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe("invalid_key");
      }
      const basic = await call("/companies", "/companies", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
      expect(basic.body.error.code).toBe("missing_key");
    });

    it("refuses a revoked key at once", async () => {
      const { key, client } = await newClient(["criteria:read"]);
      expect((await call("/companies", "/companies", { key })).status).toBe(200);
      expect(await revokeApiClient(client.id)).toBe(true);
      const res = await call("/companies", "/companies", { key });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("revoked_key");
    });

    it("enforces each endpoint's scope", async () => {
      const company = await createCompany();
      expect(
        (
          await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
            key: criteriaOnly,
          })
        ).status,
      ).toBe(200);
      const cert = await call("/certificates/{number}", "/certificates/KA-0000-0001-1", { key: criteriaOnly });
      expect(cert.status).toBe(403);
      expect(cert.body.error).toMatchObject({ code: "insufficient_scope" });
      expect(cert.body.error.message).toContain("certificates:read");
      const completions = await call("/completions", "/completions", { key: criteriaOnly });
      expect(completions.body.error.code).toBe("insufficient_scope");
      const { key: certsOnly } = await newClient(["certificates:read"]);
      expect((await call("/companies", "/companies", { key: certsOnly })).status).toBe(403);
    });

    it("logs every call with client, route, status and duration", async () => {
      const { key, client } = await newClient(["criteria:read"]);
      await call("/companies", "/companies?limit=1", { key });
      await call("/companies/{orgNumber}/criterion", "/companies/not-a-number/criterion", { key });
      await call("/certificates/{number}", "/certificates/KA-0000-0001-1", { key });
      await flushAllWriteBatches(); // the request log is written in batches
      const db = await getDb();
      const rows = await db.apiRequestLog.findMany({ where: { apiClientId: client.id }, orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.method, r.route, r.status])).toEqual([
        ["GET", "/companies", 200],
        ["GET", "/companies/{orgNumber}/criterion", 400],
        ["GET", "/certificates/{number}", 403],
      ]);
      expect(rows.every((r) => r.durationMs >= 0)).toBe(true);
      const anonymous = await db.apiRequestLog.count({
        where: { apiClientId: null, route: "/companies", status: 401 },
      });
      expect(anonymous).toBeGreaterThan(0);
      const used = await db.apiClient.findUniqueOrThrow({ where: { id: client.id } });
      expect(used.lastUsedAt).not.toBeNull();
    });

    it("answers unknown paths and wrong methods in JSON", async () => {
      const res = await callJson("/nothing/here", { key: allScopes });
      expect(res.status).toBe(404);
      expect(schemaErrors("Error", res.body)).toBeNull();
      expect((res.body as { error: { code: string } }).error.code).toBe("not_found");
      const post = await callJson("/companies", { key: allScopes, method: "POST", body: "{}" });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(schemaErrors("Error", post.body)).toBeNull();
    });

    it("answers OPTIONS with 204 and Allow, without running the operation or needing a key", async () => {
      for (const [path, allow] of [
        ["/companies", "GET, HEAD, OPTIONS"],
        ["/companies/5566778899/criterion", "GET, HEAD, OPTIONS"],
        ["/webhooks", "GET, HEAD, POST, OPTIONS"],
        ["/webhooks/abc", "DELETE, OPTIONS"],
      ] as const) {
        const res = await callApi(path, { method: "OPTIONS" });
        expect(res.status, path).toBe(204);
        expect(res.headers.get("allow"), path).toBe(allow);
        expect(await res.text(), path).toBe("");
      }
    });

    it("says which language a localised error message is in (Content-Language)", async () => {
      const sv = await callJson("/companies?limit=0", {
        key: allScopes,
        headers: { "Accept-Language": "sv-SE,sv;q=0.9" },
      });
      expect(sv.status).toBe(400);
      expect(sv.headers.get("content-language")).toBe("sv");
      const en = await callJson("/companies?limit=0", { key: allScopes });
      expect(en.headers.get("content-language")).toBe("en");
      const fi = await callJson("/nothing", { key: allScopes, headers: { "Accept-Language": "fi" } });
      expect(fi.headers.get("content-language")).toBe("fi");
    });

    it("refuses unknown and repeated query parameters, naming them", async () => {
      const typo = await call("/companies", "/companies?critera=met", { key: allScopes });
      expect(typo.status).toBe(400);
      expect(typo.body.error).toMatchObject({ code: "unknown_parameter" });
      expect(typo.body.error.message).toContain("critera");
      const twice = await call("/companies", "/companies?limit=1&limit=2", { key: allScopes });
      expect(twice.body.error.code).toBe("invalid_parameter");
      const big = await call("/companies", "/companies?limit=201", { key: allScopes });
      expect(big.body.error.code).toBe("invalid_parameter");
      expect(big.body.error.message).toContain("1 to 200");
    });

    it("writes messages in Swedish or Finnish when asked, codes unchanged", async () => {
      const sv = await call("/companies", "/companies", { headers: { "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5" } });
      const fi = await call("/companies", "/companies", { headers: { "Accept-Language": "fi" } });
      const en = await call("/companies", "/companies", { headers: { "Accept-Language": "de" } });
      expect(new Set([sv.body.error.code, fi.body.error.code, en.body.error.code])).toEqual(new Set(["missing_key"]));
      expect(new Set([sv.body.error.message, fi.body.error.message, en.body.error.message]).size).toBe(3);
      expect(en.body.error.message).toMatch(/Authorization/);
    });
  });

  describe("GET /companies/{orgNumber}/criterion", () => {
    it("gives met with the evidence, for every common formatting of the number", async () => {
      const company = await createCompany({ orgNumber: "5566778899", name: "Kundtjänst Exempel AB" });
      const manager = await createPerson(company.id, "manager", "Maja Chef");
      const agent = await createPerson(company.id, "agent", "Ali Säljare");
      const cert = await issueCertificate(manager.id);
      await issueCertificate(agent.id); // an agent's certificate is not evidence
      for (const form of [
        "556677-8899",
        "5566778899",
        "SE5566778899",
        "SE556677889901",
        "se 556677-8899",
        "16556677-8899",
        "556677 8899",
      ]) {
        const res = await call("/companies/{orgNumber}/criterion", `/companies/${encodeURIComponent(form)}/criterion`, {
          key: criteriaOnly,
        });
        expect(res.status, form).toBe(200);
        expect(res.body.organization).toEqual({
          orgNumber: "5566778899",
          displayOrgNumber: "556677-8899",
          country: "SE",
          name: "Kundtjänst Exempel AB",
        });
        expect(res.body.membership).toMatchObject({ status: "member", endedAt: null, exclusionDecidedAt: null });
        expect(res.body.criterion.status).toBe("met");
        expect(res.body.criterion.met).toBe(true);
        expect(res.body.criterion.evidence).toHaveLength(1);
        expect(res.body.criterion.evidence[0]).toMatchObject({
          certificateNumber: cert.number,
          holderName: "Maja Chef",
        });
        expect(res.body.criterion.since).not.toBeNull();
      }
    });

    it("reads Finnish business IDs", async () => {
      const company = await createCompany({ country: "FI", orgNumber: "1572860-0" });
      for (const form of ["1572860-0", "15728600", "FI15728600", "FI 1572860-0"]) {
        const res = await call("/companies/{orgNumber}/criterion", `/companies/${encodeURIComponent(form)}/criterion`, {
          key: criteriaOnly,
        });
        expect(res.status, form).toBe(200);
        expect(res.body.organization).toMatchObject({ orgNumber: company.orgNumber, country: "FI" });
        expect(res.body.criterion).toMatchObject({ status: "not_met", met: false, evidence: [] });
      }
    });

    it("flags expiring evidence and flips to not_met when the certificate is revoked", async () => {
      const company = await createCompany();
      const manager = await createPerson(company.id, "manager");
      const cert = await issueCertificate(manager.id, { expiresAt: new Date(Date.now() + 30 * 86_400_000) });
      const before = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: criteriaOnly,
      });
      expect(before.body.criterion).toMatchObject({ status: "expiring", met: true });
      expect(new Date(before.body.criterion.validUntil).getTime()).toBe(cert.expiresAt!.getTime());
      await revokeCertificate(cert.id);
      const after = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: criteriaOnly,
      });
      expect(after.body.criterion).toMatchObject({ status: "not_met", met: false, evidence: [], validUntil: null });
    });

    it("answers 400 for invalid numbers and 404 for unknown companies", async () => {
      const invalid = await call("/companies/{orgNumber}/criterion", "/companies/556677-8898/criterion", {
        key: criteriaOnly,
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe("invalid_org_number");
      expect(invalid.body.error.message).toMatch(/check digit/);
      const unknown = await call("/companies/{orgNumber}/criterion", "/companies/202100-5489/criterion", {
        key: criteriaOnly,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("company_not_found");
    });
  });

  describe("GET /companies", () => {
    it("filters by criterion status and pages through every company exactly once", async () => {
      const met = await createCompany({ name: "ZZ Met AB" });
      await issueCertificate((await createPerson(met.id, "manager")).id);
      const expiring = await createCompany({ name: "ZZ Expiring AB" });
      await issueCertificate((await createPerson(expiring.id, "manager")).id, {
        expiresAt: new Date(Date.now() + 10 * 86_400_000),
      });
      const notMet = await createCompany({ name: "ZZ Not met AB" });

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call("/companies", `/companies?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
          key: criteriaOnly,
        });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((i: { organization: { orgNumber: string } }) => i.organization.orgNumber));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 1000);
      const db = await getDb();
      expect(seen).toHaveLength(await db.organization.count());
      expect(new Set(seen).size).toBe(seen.length);

      const byStatus = async (criterion: string) => {
        const res = await call("/companies", `/companies?criterion=${criterion}&limit=200`, { key: criteriaOnly });
        return res.body.items.map((i: { organization: { orgNumber: string }; criterion: { status: string } }) => [
          i.organization.orgNumber,
          i.criterion.status,
        ]);
      };
      expect(await byStatus("met")).toEqual(
        expect.arrayContaining([
          [met.orgNumber, "met"],
          [expiring.orgNumber, "expiring"],
        ]),
      );
      expect((await byStatus("met")).map((r: string[]) => r[0])).not.toContain(notMet.orgNumber);
      expect(await byStatus("expiring")).toEqual(expect.arrayContaining([[expiring.orgNumber, "expiring"]]));
      expect((await byStatus("expiring")).map((r: string[]) => r[0])).not.toContain(met.orgNumber);
      expect(await byStatus("not_met")).toEqual(expect.arrayContaining([[notMet.orgNumber, "not_met"]]));
    });

    it("refuses a cursor it did not make", async () => {
      for (const cursor of ["abc", "eyJ4IjoxfQ", "%%%", "a".repeat(600)]) {
        const res = await call("/companies", `/companies?cursor=${encodeURIComponent(cursor)}`, { key: criteriaOnly });
        expect(res.status, cursor).toBe(400);
        expect(res.body.error.code).toBe("invalid_cursor");
      }
      // Well-formed cursors carrying text PostgreSQL cannot hold (NUL) or odd unicode: never a 500.
      for (const value of [
        { n: "\u0000", i: "x" },
        { n: "a", i: "\u0000" },
        { n: "\ud800", i: "💥" },
        { n: "", i: "" },
      ]) {
        const cursor = Buffer.from(JSON.stringify(value)).toString("base64url");
        const res = await call("/companies", `/companies?cursor=${cursor}`, { key: criteriaOnly });
        expect([200, 400], JSON.stringify(value)).toContain(res.status);
      }
    });
  });

  describe("GET /certificates/{number}", () => {
    it("reports valid, revoked and expired certificates, reading any typing of the number", async () => {
      const company = await createCompany();
      const person = await createPerson(company.id, "agent", "Vera Giltig");
      const valid = await issueCertificate(person.id, { criterionCourse: false });
      const compact = valid.number.replace(/-/g, "").toLowerCase();
      for (const form of [valid.number, compact, compact.slice(2)]) {
        const res = await call("/certificates/{number}", `/certificates/${form}`, { key: allScopes });
        expect(res.status, form).toBe(200);
        expect(res.body).toMatchObject({
          number: valid.number,
          status: "valid",
          holderName: "Vera Giltig",
          criterionCourse: false,
          revokedAt: null,
        });
      }
      await revokeCertificate(valid.id, "Fusk");
      const revoked = await call("/certificates/{number}", `/certificates/${valid.number}`, { key: allScopes });
      expect(revoked.body).toMatchObject({ status: "revoked", revocationReason: "Fusk" });
      const old = await issueCertificate(person.id, {
        criterionCourse: false,
        issuedAt: new Date("2020-01-01"),
        expiresAt: new Date("2023-01-01"),
      });
      const expired = await call("/certificates/{number}", `/certificates/${old.number}`, { key: allScopes });
      expect(expired.body.status).toBe("expired");
    });

    it("answers 400 for a mistyped number and 404 for an unknown one", async () => {
      const typo = await call("/certificates/{number}", "/certificates/KA-0000-0001-2", { key: allScopes });
      expect(typo.body.error.code).toBe("invalid_certificate_number");
      const unknown = await call("/certificates/{number}", "/certificates/KA-0000-0001-1", { key: allScopes });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("certificate_not_found");
    });
  });

  describe("membership standing beside the criterion", () => {
    it("an excluded company that meets the training criterion says both, and the list filters on both", async () => {
      const { updateOrganization } = await import("~/modules/organizations/organizations.server");
      const company = await createCompany({ name: "Utesluten Exempel AB" });
      const person = await createPerson(company.id, ["org_admin", "manager"], "Ulla Utesluten");
      await issueCertificate(person.id);
      const result = await updateOrganization(
        company.id,
        {
          name: company.name,
          country: "SE",
          orgNumber: company.orgNumber,
          membershipStatus: "excluded",
          memberSince: new Date("2020-01-01"),
          membershipEndedAt: new Date("2026-11-30"),
          exclusionDecidedAt: new Date("2026-11-15"),
        },
        null,
      );
      expect(result).toEqual({ ok: true, id: company.id });
      const one = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: criteriaOnly,
      });
      expect(one.body).toMatchObject({
        membership: {
          status: "excluded",
          endedAt: "2026-11-30T00:00:00.000Z",
          exclusionDecidedAt: "2026-11-15T00:00:00.000Z",
        },
        criterion: { status: "met", met: true },
      });
      expect(one.body.membership.changedAt).not.toBeNull();
      const listed = async (query: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await call("/companies", `/companies?${query}&limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
            key: criteriaOnly,
          });
          ids.push(...page.body.items.map((i: { organization: { orgNumber: string } }) => i.organization.orgNumber));
          cursor = page.body.nextCursor;
        } while (cursor);
        return ids;
      };
      expect(await listed("criterion=met&membership=excluded")).toContain(company.orgNumber);
      expect(await listed("criterion=met&membership=member")).not.toContain(company.orgNumber);
      expect(await listed("membership=non_member")).not.toContain(company.orgNumber);
    });
  });

  describe("what completed means", () => {
    it("a lessons-only completion of the criterion course is never evidence; a valid certificate is, an expired or revoked one is not", async () => {
      const db = await getDb();
      const company = await createCompany();
      const manager = await createPerson(company.id, ["org_admin", "manager"], "Lena Lektion");
      // Every lesson of the criterion course marked done: the enrolment is completed, no certificate.
      await db.enrollment.create({
        data: {
          userId: manager.id,
          courseSlug: "introduktion-for-chefer",
          contentVersion: "2026.1",
          completedAt: new Date(),
        },
      });
      const notYet = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: allScopes,
      });
      expect(notYet.body.criterion).toMatchObject({ status: "not_met", met: false, evidence: [] });

      const cert = await issueCertificate(manager.id);
      const met = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: allScopes,
      });
      expect(met.body.criterion).toMatchObject({ status: "met", evidence: [{ certificateNumber: cert.number }] });
      const one = await call("/certificates/{number}", `/certificates/${cert.number}`, { key: allScopes });
      expect(one.body).toMatchObject({ status: "valid", stage: "quiz_passed", criterionEvidence: true });

      await revokeCertificate(cert.id);
      const revoked = await call("/certificates/{number}", `/certificates/${cert.number}`, { key: allScopes });
      expect(revoked.body).toMatchObject({ status: "revoked", stage: "certificate_revoked", criterionEvidence: false });
      const after = await call("/companies/{orgNumber}/criterion", `/companies/${company.orgNumber}/criterion`, {
        key: allScopes,
      });
      expect(after.body.criterion).toMatchObject({ status: "not_met", evidence: [] });
    });
  });

  describe("GET /completions", () => {
    it("returns certificates and course completions in (updatedAt, id) order with a stable cursor", async () => {
      await settled(); // everything earlier tests wrote is now visible, so the end of the list is stable
      const db = await getDb();
      const company = await createCompany();
      const person = await createPerson(company.id, "manager", "Sync Person");
      // Back-dated far before anything else: these come first. Three certificates with the same
      // updatedAt (ties broken by id) and one course completion, paged one record at a time.
      const t0 = new Date("2001-01-01T00:00:00.000Z");
      const certs = [];
      for (let i = 0; i < 3; i++)
        certs.push(await issueCertificate(person.id, { criterionCourse: false, updatedAt: t0 }));
      // At the very same instant as the certificates: course completions sort after them.
      const enrollment = await db.enrollment.create({
        data: {
          userId: person.id,
          courseSlug: "inspelning-av-samtal",
          contentVersion: "1",
          completedAt: t0,
          updatedAt: t0,
        },
      });
      // Not completed: never listed.
      await db.enrollment.create({
        data: { userId: person.id, courseSlug: "kundservice-och-lagen", contentVersion: "1", updatedAt: t0 },
      });

      const collected: Array<{ id: string; updatedAt: string; kind: string }> = [];
      let cursor: string | null = null;
      let hasMore = true;
      let first = true;
      while (hasMore) {
        const query: string = first ? `since=${encodeURIComponent("2000-12-31T23:00:00-01:00")}` : `cursor=${cursor}`;
        const res = await call("/completions", `/completions?limit=1&${query}`, { key: allScopes });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(1);
        collected.push(...res.body.items);
        cursor = res.body.nextCursor;
        hasMore = res.body.hasMore;
        first = false;
      }
      const ids = collected.map((r) => r.id);
      const certIds = certs.map((c) => `certificate:${c.id}`).sort((a, b) => (a < b ? -1 : 1));
      expect(ids.slice(0, 4)).toEqual([...certIds, `course_completion:${enrollment.id}`]);
      expect(new Set(ids).size).toBe(ids.length);
      const times = collected.map((r) => new Date(r.updatedAt).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const record = collected[3] as unknown as {
        stage: string;
        criterionEvidence: boolean;
        person: { name: string };
        organizations: Array<{ orgNumber: string; roles: string[] }>;
        certificate: null;
      };
      expect(record).toMatchObject({ stage: "lessons_completed", criterionEvidence: false });
      expect(collected[0]).toMatchObject({ stage: "quiz_passed", criterionEvidence: false }); // not the criterion course
      expect(record.person.name).toBe("Sync Person");
      expect(record.organizations).toEqual([{ orgNumber: company.orgNumber, country: "SE", roles: ["manager"] }]);
      expect(record.certificate).toBeNull();

      // Polling with the last cursor: nothing new until something changes; then exactly that.
      const idle = await call("/completions", `/completions?cursor=${cursor}`, { key: allScopes });
      expect(idle.body).toMatchObject({ items: [], hasMore: false, nextCursor: cursor });
      await revokeCertificate(certs[1]!.id);
      // The revocation shows once it has settled: poll until it does.
      const changed = await vi.waitFor(
        async () => {
          const res = await call("/completions", `/completions?cursor=${cursor}`, { key: allScopes });
          if (res.body.items.length === 0) throw new Error("the revocation has not settled yet");
          return res;
        },
        { timeout: SETTLE_MS + 5_000, interval: 100 },
      );
      expect(changed.body.items.map((r: { id: string }) => r.id)).toEqual([`certificate:${certs[1]!.id}`]);
      expect(changed.body.items[0].certificate.status).toBe("revoked");
    });

    it("holds back changes from the last seconds until they have settled", async () => {
      const company = await createCompany();
      const person = await createPerson(company.id, "agent");
      const fresh = await issueCertificate(person.id, { criterionCourse: false });
      const res = await call(
        "/completions",
        `/completions?since=${encodeURIComponent(new Date(Date.now() - 10_000).toISOString())}&limit=200`,
        { key: allScopes },
      );
      expect(res.body.items.map((r: { id: string }) => r.id)).not.toContain(`certificate:${fresh.id}`);
    });

    it("validates since", async () => {
      for (const since of ["yesterday", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00 01:00"]) {
        const res = await call("/completions", `/completions?since=${encodeURIComponent(since)}`, { key: allScopes });
        expect(res.status, since).toBe(400);
        expect(res.body.error.code).toBe("invalid_parameter");
      }
      const offset = await call(
        "/completions",
        `/completions?since=${encodeURIComponent("2026-01-01T00:00:00+01:00")}`,
        { key: allScopes },
      );
      expect(offset.status).toBe(200);
      // Any real RFC 3339 date-time is accepted, as the OpenAPI document says: an early one means "everything".
      const early = await call("/completions", `/completions?since=${encodeURIComponent("1969-12-31T23:59:59Z")}`, {
        key: allScopes,
      });
      expect(early.status).toBe(200);
    });
  });

  describe("webhook subscriptions through the API", () => {
    it("creates (secret shown once), lists and deletes the client's own subscriptions", async () => {
      const { key } = await newClient(["criteria:read", "certificates:read"]);
      const body = JSON.stringify({
        url: "https://receiver.example/hooks",
        events: ["certificate.issued", "criterion.changed"],
      });
      const created = await call("/webhooks", "/webhooks", {
        key,
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      const list = await call("/webhooks", "/webhooks", { key });
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      const db = await getDb();
      const stored = await db.webhookSubscription.findUniqueOrThrow({ where: { id: created.body.subscription.id } });
      expect(stored.secret).not.toContain(created.body.secret.slice(6));

      const other = (await newClient(["criteria:read"])).key;
      const foreign = await call("/webhooks/{id}", `/webhooks/${created.body.subscription.id}`, {
        key: other,
        method: "DELETE",
      });
      expect(foreign.status).toBe(404);
      const deleted = await callApi(`/webhooks/${created.body.subscription.id}`, { key, method: "DELETE" });
      expect(deleted.status).toBe(204);
      expect((await call("/webhooks", "/webhooks", { key })).body.items).toEqual([]);
    });

    it("refuses events outside the key's scopes, bad URLs and bad bodies", async () => {
      const post = (body: string, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
        call("/webhooks", "/webhooks", { key: criteriaOnly, method: "POST", headers, body });
      expect(
        (await post(JSON.stringify({ url: "https://x.example", events: ["certificate.revoked"] }))).body.error.code,
      ).toBe("missing_scope");
      expect(
        (await post(JSON.stringify({ url: "ftp://x.example", events: ["criterion.changed"] }))).body.error.code,
      ).toBe("invalid_url");
      expect(
        (await post(JSON.stringify({ url: "https://x.example/#a", events: ["criterion.changed"] }))).body.error.code,
      ).toBe("invalid_url");
      expect((await post(JSON.stringify({ url: "https://x.example", events: [] }))).body.error.code).toBe(
        "invalid_body",
      );
      expect(
        (await post(JSON.stringify({ url: "https://x.example", events: ["criterion.changed"], extra: 1 }))).body.error
          .code,
      ).toBe("invalid_body");
      expect((await post("{not json")).body.error.code).toBe("invalid_body");
      // An unknown event name: invalid_events (422), as documented, with the valid names in the message.
      const unknownEvent = await post(
        JSON.stringify({ url: "https://x.example", events: ["criterion.changed", "company.deleted"] }),
      );
      expect(unknownEvent.status).toBe(422);
      expect(unknownEvent.body.error.code).toBe("invalid_events");
      expect(unknownEvent.body.error.message).toContain("criterion.changed");
      expect((await post("x".repeat(20_000))).body.error.code).toBe("payload_too_large");
      expect((await post("url=x", { "Content-Type": "application/x-www-form-urlencoded" })).body.error.code).toBe(
        "unsupported_media_type",
      );
    });
  });

  describe("fuzzed parameters give 4xx, never 5xx", () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.constantFrom(
        "",
        " ",
        "\u0000",
        "%00",
        "..",
        "../..",
        "💥",
        "SE",
        "FI-",
        "16",
        "0".repeat(5000),
        "1e309",
        "-1",
        "null",
        "[]",
        "{}",
        "'; DROP TABLE x;--",
      ),
    );
    const digitsLike = fc.oneof(
      fc.stringMatching(/^(SE|FI|se)?[0-9 -]{0,16}(01)?$/),
      fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
    );
    const runs = { numRuns: 60 };
    const ok4xx = (status: number, allowed: number[]) => expect(allowed, `status ${status}`).toContain(status);

    it("organisation numbers", async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyText, digitsLike), async (input) => {
          const res = await call(
            "/companies/{orgNumber}/criterion",
            `/companies/${encodeURIComponent(input)}/criterion`,
            { key: criteriaOnly },
          );
          ok4xx(res.status, [200, 400, 404]);
        }),
        runs,
      );
    });

    it("certificate numbers", async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyText, fc.stringMatching(/^(KA)?[-0-9A-Za-z]{0,20}$/)), async (input) => {
          const res = await call("/certificates/{number}", `/certificates/${encodeURIComponent(input)}`, {
            key: allScopes,
          });
          ok4xx(res.status, [200, 400, 404]);
        }),
        runs,
      );
    });

    it("cursors, including well-formed base64url of hostile JSON", async () => {
      const hostileJson = fc
        .oneof(
          fc.jsonValue(),
          fc.record({ n: anyText, i: anyText }),
          fc.record({
            u: fc.oneof(
              anyText,
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            ),
            i: anyText,
          }),
          fc.record({
            u: fc.constantFrom("275760-09-13T00:00:00.000Z", "0001-01-01T00:00:00.000Z"),
            i: fc.constant("certificate:x"),
          }),
        )
        .map((v) => Buffer.from(JSON.stringify(v)).toString("base64url"));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anyText, hostileJson),
          fc.constantFrom("/companies", "/completions"),
          async (cursor, path) => {
            const res = await call(path, `${path}?cursor=${encodeURIComponent(cursor)}`, { key: allScopes });
            ok4xx(res.status, [200, 400]);
          },
        ),
        runs,
      );
    });

    it("dates, limits and filters", async () => {
      const dateLike = fc.oneof(
        anyText,
        fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
        fc
          .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
          .map(
            ([y, m, d]) =>
              `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T00:00:00Z`,
          ),
      );
      const limitLike = fc.oneof(
        anyText,
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
        fc.double().map(String),
      );
      await fc.assert(
        fc.asyncProperty(
          dateLike,
          limitLike,
          fc.oneof(anyText, fc.constantFrom("met", "not_met", "expiring")),
          async (since, limit, criterion) => {
            const a = await call(
              "/completions",
              `/completions?since=${encodeURIComponent(since)}&limit=${encodeURIComponent(limit)}`,
              { key: allScopes },
            );
            ok4xx(a.status, [200, 400]);
            const b = await call(
              "/companies",
              `/companies?criterion=${encodeURIComponent(criterion)}&limit=${encodeURIComponent(limit)}`,
              { key: allScopes },
            );
            ok4xx(b.status, [200, 400]);
          },
        ),
        runs,
      );
    });

    it("keys, headers and webhook bodies", async () => {
      await fc.assert(
        fc.asyncProperty(
          anyText,
          fc.oneof(
            anyText,
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          async (key, body) => {
            const safeKey = key.replace(/[^\x21-\x7e]/g, "");
            const a = await call("/companies", "/companies", {
              headers: { Authorization: `Bearer ${safeKey}`, "Accept-Language": safeKey || "x" },
            });
            ok4xx(a.status, [401, 429]);
            const b = await call("/webhooks", "/webhooks", {
              key: criteriaOnly,
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body,
            });
            ok4xx(b.status, [201, 400, 409, 413, 422]);
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
