// Sign-in end to end at the module level: our validation and rate limits, Auth.js sending the
// magic link (to the development outbox here), the callback creating a database session, and
// the session helpers reading it.
import { describe, expect, it } from "vitest";
import { handleAuth } from "~/modules/auth/auth.server";
import {
  destroySession,
  getOptionalUser,
  requireOrgMembership,
  requireRole,
  requireUser,
} from "~/modules/auth/session.server";
import { requestSignInLink } from "~/modules/auth/sign-in.server";
import { getDb } from "~/utils/db.server";
import { requestContext } from "~/utils/logger.server";
import { readOutbox } from "~/utils/mail.server";

const APP = "http://localhost:3000";

async function signIn(email: string): Promise<string> {
  const outcome = await requestSignInLink(new Request(`${APP}/login`, { method: "POST" }), {
    email,
    clientIp: "203.0.113.7",
    callbackUrl: "/learning",
  });
  expect(outcome.status).toBe("sent");
  const mail = readOutbox(10).find((m) => m.to === email);
  expect(mail?.subject).toBe("Logga in på KontaktAkademin");
  const link = /https?:\/\/\S+/.exec(mail!.text)![0];
  const response = await handleAuth(new Request(link));
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`${APP}/learning`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  expect(cookie).toBeDefined();
  return cookie!.split(";")[0]!;
}

const withCookie = (cookie: string, path = "/") => new Request(`${APP}${path}`, { headers: { cookie } });

describe("magic-link sign-in", () => {
  it("creates a database session that the helpers read, and sign-out deletes it", async () => {
    const db = await getDb();
    const org = await db.organization.create({ data: { name: "Auth AB", country: "SE", orgNumber: "5560000001" } });
    const user = await db.user.create({
      data: {
        email: "maria@auth.example",
        name: "Maria",
        memberships: { create: { organizationId: org.id, roles: ["manager", "org_admin"] } },
      },
    });
    const cookie = await signIn(user.email);

    const sessionUser = await requireUser(withCookie(cookie));
    expect(sessionUser).toMatchObject({ id: user.id, email: "maria@auth.example", platformRole: "user" });
    expect(sessionUser.memberships).toEqual([
      {
        organizationId: org.id,
        organizationName: "Auth AB",
        organizationNumber: "5560000001",
        roles: ["manager", "org_admin"],
      },
    ]);
    // Either role admits; the answer carries every role the person holds there, and the company
    // as the session loaded it (the company pages do not query it again).
    const access = {
      membership: { roles: ["manager", "org_admin"] },
      org: { id: org.id, name: "Auth AB", orgNumber: "5560000001" },
    };
    await expect(requireOrgMembership(withCookie(cookie), { orgId: org.id }, ["manager"])).resolves.toMatchObject(
      access,
    );
    await expect(requireOrgMembership(withCookie(cookie), { orgId: org.id }, ["org_admin"])).resolves.toMatchObject(
      access,
    );

    await destroySession(withCookie(cookie));
    expect(await getOptionalUser(withCookie(cookie))).toBeNull();
  });

  it("looks the session up once per HTTP request, though Remix gives each loader its own Request", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: "once@auth.example", name: "Olle" } });
    const cookie = await signIn(user.email);
    const served = <T>(work: () => Promise<T>) => requestContext.run({ requestId: "test" }, work);

    await served(async () => {
      // The root's loader and the route's, each with its own copy of the request.
      const root = getOptionalUser(withCookie(cookie));
      const route = getOptionalUser(withCookie(cookie, "/courses"));
      expect(route).toBe(root);
      expect(await route).toMatchObject({ id: user.id });
      // Another session in the same HTTP request is looked up for itself.
      expect(await getOptionalUser(withCookie("authjs.session-token=no-such-session"))).toBeNull();
      // After a sign-out in this request, the next lookup asks the database again.
      await destroySession(withCookie(cookie));
      expect(await getOptionalUser(withCookie(cookie))).toBeNull();
    });
    // Another HTTP request never shares the first one's lookup.
    const again = await signIn(user.email);
    const lookup = () => served(async () => ({ pending: getOptionalUser(withCookie(again)) }));
    const [first, second] = [await lookup(), await lookup()];
    expect(second.pending).not.toBe(first.pending);
    expect(await second.pending).toMatchObject({ id: user.id });
  });

  it("creates the account on first sign-in of an unknown address", async () => {
    const cookie = await signIn("ny.person@auth.example");
    const user = await requireUser(withCookie(cookie));
    expect(user.email).toBe("ny.person@auth.example");
    expect(user.memberships).toEqual([]);
  });

  it("refuses a reused link", async () => {
    const email = "twice@auth.example";
    await signIn(email);
    const mail = readOutbox(10).find((m) => m.to === email)!;
    const again = await handleAuth(new Request(/https?:\/\/\S+/.exec(mail.text)![0]));
    expect(again.headers.get("location")).toContain("error=Verification");
  });

  it("rate-limits sign-in requests per address", async () => {
    const email = "limit@auth.example";
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(
        (await requestSignInLink(new Request(`${APP}/login`), { email, clientIp: `198.51.100.${i}`, callbackUrl: "/" }))
          .status,
      );
    }
    expect(results.slice(0, 5)).toEqual(["sent", "sent", "sent", "sent", "sent"]);
    expect(results[5]).toBe("rate-limited");
  });

  it("rate-limits sign-in requests per IP", async () => {
    const results = [];
    for (let i = 0; i < 21; i++) {
      results.push(
        (
          await requestSignInLink(new Request(`${APP}/login`), {
            email: `ip${i}@auth.example`,
            clientIp: "192.0.2.99",
            callbackUrl: "/",
          })
        ).status,
      );
    }
    expect(results.filter((s) => s === "sent")).toHaveLength(20);
    expect(results[20]).toBe("rate-limited");
  });
});

describe("the sign-in form's limit", () => {
  it("answers 429 with Retry-After once an address has asked too often", async () => {
    const { action } = await import("~/routes/login");
    const email = "retry-after@auth.example";
    const post = (i: number) =>
      action({
        request: new Request(`${APP}/login`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email }),
        }),
        params: {},
        context: { cspNonce: "n", requestId: `r${i}`, clientIp: `198.51.100.${100 + i}` },
      } as never) as Promise<{ init: ResponseInit | null }>;
    for (let i = 0; i < 5; i++) await post(i);
    const limited = await post(5);
    expect(limited.init?.status).toBe(429);
    const retryAfter = Number(new Headers(limited.init?.headers).get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});

describe("malformed cookies", () => {
  it("a cookie value that is not valid percent-encoding breaks neither the session lookup nor the root loader", async () => {
    const cookie = await signIn("cookie@auth.example");
    const headers = { cookie: `theme=100%; other=%E0%A4%A; ${cookie}; lng=%ZZ` };
    expect((await getOptionalUser(new Request(`${APP}/`, { headers })))?.email).toBe("cookie@auth.example");
    const root = await import("~/root");
    const { callRoute } = await import("../support/route-harness");
    const result = await callRoute(root as never, { path: "/", params: {}, headers });
    expect(result.status).toBe(200);
    const anonymousResult = await callRoute(root as never, {
      path: "/",
      params: {},
      headers: { cookie: "authjs.session-token=100%; lng=100%" },
    });
    expect(anonymousResult.status).toBe(200);
  });
});

describe("raw Auth.js endpoints", () => {
  it("refuses a sign-in mail requested straight from /auth/signin/nodemailer, even with a valid CSRF token", async () => {
    const csrf = await handleAuth(new Request(`${APP}/auth/csrf`));
    expect(csrf.status).toBe(404);
    // A token and cookie as a browser would hold them, obtained the way our own /login does.
    const { getCsrf } = await import("~/modules/auth/auth.server");
    const { csrfToken, setCookies } = await getCsrf(new Request(`${APP}/login`));
    const email = "bypass@auth.example";
    const before = readOutbox(50).filter((m) => m.to === email).length;
    const response = await handleAuth(
      new Request(`${APP}/auth/signin/nodemailer`, {
        method: "POST",
        headers: {
          cookie: setCookies.map((c) => c.split(";")[0]).join("; "),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ email, csrfToken, callbackUrl: "/" }),
      }),
    );
    expect(response.status).toBe(404);
    expect(readOutbox(50).filter((m) => m.to === email)).toHaveLength(before);
    for (const path of ["/auth/signin", "/auth/signout", "/auth/session", "/auth/providers", "/auth/verify-request"]) {
      expect((await handleAuth(new Request(`${APP}${path}`))).status, path).toBe(404);
    }
  });
});

describe("authorisation helpers", () => {
  it("redirects anonymous requests to sign-in with the way back", async () => {
    const thrown = await requireUser(new Request(`${APP}/team?page=2`)).catch((r: Response) => r);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("location")).toBe("/login?redirectTo=%2Fteam%3Fpage%3D2");
  });

  it("gives 403 to a non-admin and 404 for a company the user is not part of", async () => {
    const db = await getDb();
    const other = await db.organization.create({ data: { name: "Annat AB", country: "SE", orgNumber: "5560000019" } });
    const cookie = await signIn("outsider@auth.example");
    const forbidden = await requireRole(withCookie(cookie), "admin").catch((r: Response) => r);
    expect((forbidden as Response).status).toBe(403);
    const notMine = await requireOrgMembership(withCookie(cookie), { orgId: other.id }, ["org_admin"]).catch(
      (r: Response) => r,
    );
    expect((notMine as Response).status).toBe(404);
    const malformed = await requireOrgMembership(withCookie(cookie), { orgId: "../x" }, ["org_admin"]).catch(
      (r: Response) => r,
    );
    expect((malformed as Response).status).toBe(404);
  });

  it("ignores an expired session", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: "expired@auth.example" } });
    await db.session.create({
      data: { sessionToken: "expired-token", userId: user.id, expires: new Date(Date.now() - 1000) },
    });
    expect(await getOptionalUser(withCookie("authjs.session-token=expired-token"))).toBeNull();
  });
});
