// Bad input never becomes a 500. (1) Named cases from the hardening review: non-form bodies to
// /login and /set-language, NUL in names, bad cursors, impossible dates on the API. (2) A fuzz
// test: every route module (read at test time, so new routes are included), anonymous and
// signed in as three kinds of people, gets random bodies, content types and header values —
// no 5xx, and no response over 1 MB from a route that does not serve large bodies by design.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApiClient } from "~/modules/api/clients.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { getDb } from "~/utils/db.server";
import {
  anonymous,
  apiKeyIdentity,
  callRoute,
  fillPattern,
  importRoute,
  listRouteFiles,
  sessionIdentity,
  type Identity,
} from "../support/route-harness";
import { swedishOrgNumber } from "../support/org-numbers";

const MB = 1024 * 1024;

async function world() {
  const db = await getDb();
  const tag = randomUUID().slice(0, 6);
  const org = await db.organization.create({
    data: { name: `Fuzz ${tag} AB`, country: "SE", orgNumber: swedishOrgNumber(), membershipStatus: "member" },
  });
  const person = (label: string, role: "org_admin" | "agent" | null, platformRole: "user" | "admin" = "user") =>
    db.user.create({
      data: {
        email: `${label}-${tag}@fuzz.example`,
        name: `Person ${label}`,
        platformRole,
        memberships: role ? { create: [{ organizationId: org.id, roles: [role] }] } : undefined,
      },
    });
  const [admin, agent, kontakta] = await Promise.all([
    person("admin", "org_admin"),
    person("agent", "agent"),
    person("kontakta", null, "admin"),
  ]);
  const createSession = async (sessionToken: string, userId: string) => {
    await db.session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + 3_600_000) } });
  };
  const { key } = await createApiClient({ name: `Fuzz ${tag}`, scopes: [...API_SCOPES], createdById: kontakta.id });
  const identities: Identity[] = [
    anonymous,
    sessionIdentity("agent", agent.id, createSession),
    sessionIdentity("orgAdmin", admin.id, createSession),
    sessionIdentity("platformAdmin", kontakta.id, createSession),
    apiKeyIdentity("apiKey", key),
  ];
  return { org, admin, identities };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("named bad inputs answer 4xx, not 500", () => {
  it("non-form bodies to /login and /set-language", async () => {
    const routes = Object.fromEntries(listRouteFiles().map((r) => [r.file, r]));
    for (const file of ["login.tsx", "set-language.tsx"]) {
      const mod = await importRoute(routes[file]!);
      for (const [type, body] of [
        ["application/json", '{"email":"a@b.se"}'],
        ["text/plain", "email=a@b.se"],
        ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken'],
        ["multipart/form-data", "no boundary"],
      ] as const) {
        const result = await callRoute(mod, {
          method: "POST",
          path: routes[file]!.pattern,
          params: {},
          headers: { "content-type": type },
          body,
        });
        expect(result.error, `${file} ${type}`).toBeUndefined();
        expect(result.status, `${file} ${type}`).toBeGreaterThanOrEqual(400);
        expect(result.status, `${file} ${type}`).toBeLessThan(500);
      }
    }
  });

  it("NUL in a profile name, an invitation and an organisation name", async () => {
    const w = await world();
    const routes = Object.fromEntries(listRouteFiles().map((r) => [r.file, r]));
    const [, agentIdentity, adminIdentity, platformIdentity] = w.identities;
    const cases: Array<[string, Identity, URLSearchParams, Record<string, string>]> = [
      ["profile.tsx", agentIdentity!, form({ name: "Anna\u0000Andersson" }), {}],
      [
        "team.$orgId.invite.tsx",
        adminIdentity!,
        form({ intent: "single", email: "ny@fuzz.example", role: "agent", name: "Ny\u0000Person" }),
        { orgId: w.org.id },
      ],
      [
        "team.$orgId.invite.tsx",
        adminIdentity!,
        form({ intent: "list", list: "a\u0000@fuzz.example,agent,A\u0000B", defaultRole: "agent" }),
        { orgId: w.org.id },
      ],
      [
        "admin.organizations.new.tsx",
        platformIdentity!,
        form({ name: "Nul\u0000 AB", country: "SE", orgNumber: "5566778899", membershipStatus: "member" }),
        {},
      ],
      [
        "admin.organizations.$orgId.edit.tsx",
        platformIdentity!,
        form({ name: "Nul\u0000 AB", country: "SE", orgNumber: w.org.orgNumber, membershipStatus: "member" }),
        { orgId: w.org.id },
      ],
    ];
    for (const [file, identity, body, params] of cases) {
      const mod = await importRoute(routes[file]!);
      const result = await callRoute(mod, {
        method: "POST",
        path: fillPattern(routes[file]!.pattern, params),
        params,
        headers: await identity.headers(),
        body,
      });
      expect(result.error, file).toBeUndefined();
      expect(result.status, file).toBeLessThan(500);
    }
  });
});

describe("named bad queries answer 4xx or a page, not 500", () => {
  it("bad cursors on Kontakta's lists and impossible dates on the API", async () => {
    const w = await world();
    const routes = Object.fromEntries(listRouteFiles().map((r) => [r.file, r]));
    const platformAdmin = w.identities[3]!;
    const apiKey = w.identities[4]!;
    const cursors = [
      "x",
      "\u0000",
      "eyJ1IjoiMDAwMC0wMS0wMSJ9",
      Buffer.from('{"u":"0000-01-01T00:00:00Z","i":"\u0000"}').toString("base64url"),
      "a".repeat(5000),
      "%",
      "-_-_",
    ];
    const cases: Array<[string, string, Identity]> = [];
    for (const file of ["admin._index.tsx", "admin.api._index.tsx", "admin.api.requests.tsx", "dev.outbox.tsx"])
      for (const c of cursors) cases.push([file, `?cursor=${encodeURIComponent(c)}`, platformAdmin]);
    for (const since of [
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59Z",
      "0001-01-01T00:00:00+14:00",
      "1970-01-01T00:00:00Z",
    ])
      cases.push(["api.v1.completions.ts", `?since=${encodeURIComponent(since)}`, apiKey]);
    for (const c of cursors)
      cases.push(
        ["api.v1.completions.ts", `?cursor=${encodeURIComponent(c)}`, apiKey],
        ["api.v1.companies._index.ts", `?cursor=${encodeURIComponent(c)}`, apiKey],
      );
    for (const [file, query, identity] of cases) {
      const mod = await importRoute(routes[file]!);
      const result = await callRoute(mod, {
        method: "GET",
        path: routes[file]!.pattern + query,
        params: {},
        headers: await identity.headers(),
      });
      expect(result.error, `${file}${query}`).toBeUndefined();
      expect(result.status, `${file}${query}`).toBeLessThan(500);
    }
  });
});

describe("fuzz: random bodies, content types and headers to every route", () => {
  it("finds no 5xx and no oversized response", async () => {
    const w = await world();
    const contentTypes = fc.constantFrom(
      undefined,
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=----fuzz",
      "multipart/form-data",
      "application/json",
      "text/plain",
      "application/octet-stream",
      "application/x-www-form-urlencoded; charset=latin1",
      "\u00ff\u00fe; boundary=\u0000",
    );
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom("", "\u0000", "%", "%ZZ", "a=%E0%A4%A", "{", "[]", "null", '{"a":"\\u0000"}', "x=".repeat(500)),
    );
    const formBody = fc.dictionary(
      fc.constantFrom(
        "email",
        "name",
        "intent",
        "language",
        "redirectTo",
        "cursor",
        "q",
        "answers",
        "role",
        "reason",
        "list",
        "scopes",
        "url",
      ),
      text,
      { maxKeys: 5 },
    );
    const body = fc.oneof(
      text,
      formBody.map((fields) => new URLSearchParams(fields).toString()),
    );
    const headerValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("100%", "authjs.session-token=%", "lng=%ZZ", "en;q=abc", "*/*", "\t"),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        "cursor",
        "since",
        "page",
        "q",
        "redirectTo",
        "role",
        "status",
        "limit",
        "lang",
        "version",
        "country",
      ),
      text,
      { maxKeys: 3 },
    );
    const param = fc.oneof(
      fc.constant(undefined),
      text.filter((t) => t.length > 0),
    );
    const sample = fc.record({
      contentType: contentTypes,
      body,
      cookie: headerValue,
      acceptLanguage: headerValue,
      accept: headerValue,
      query,
      param,
    });
    const cases = fc.sample(sample, { numRuns: 12, seed: 20261202 });

    const failures: string[] = [];
    for (const route of listRouteFiles()) {
      const mod = await importRoute(route);
      for (const identity of w.identities) {
        for (const [i, c] of cases.entries()) {
          const params = Object.fromEntries(
            route.params.map((name) => [name, c.param ?? (name === "orgId" ? w.org.id : "x")]),
          );
          const search = new URLSearchParams(c.query).toString();
          const identityHeaders = await identity.headers();
          const headers: Record<string, string> = {
            ...identityHeaders,
            "accept-language": c.acceptLanguage,
            accept: c.accept,
          };
          headers.cookie = [identityHeaders.cookie, c.cookie].filter(Boolean).join("; ");
          if (c.contentType) headers["content-type"] = c.contentType;
          let path: string;
          try {
            path = fillPattern(route.pattern, params) + (search ? `?${search}` : "");
            new URL(path, "http://localhost");
          } catch {
            continue;
          }
          for (const method of ["GET", "POST"] as const) {
            let result;
            try {
              result = await callRoute(mod, { method, path, params, headers, body: method === "POST" ? c.body : null });
            } catch (error) {
              // Building the Request itself failed (an invalid header value): the server never sees it.
              if (error instanceof TypeError) continue;
              throw error;
            }
            const label = `${method} ${route.file} as ${identity.name} (case ${i}): ${result.status}`;
            if (result.status >= 500) failures.push(`${label} ${String(result.error ?? result.body).slice(0, 200)}`);
            if (result.body.length > MB) failures.push(`${label} answered ${result.body.length} bytes`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
