// Who is asking: reads the Auth.js database session from its cookie, and the helpers every
// loader and action uses to demand a signed-in user, a platform role or a company role.
import { redirect } from "@remix-run/node";
import { parse as parseCookie } from "cookie";
import type { OrgRole, PlatformRole } from "~/generated/prisma/client";
import { orgParamsSchema } from "~/modules/organizations/params";
import { normalizeRoles } from "~/modules/organizations/roles";
import { getDb } from "~/utils/db.server";
import { requestContext } from "~/utils/logger.server";
import { parseParams, refusalResponse } from "~/utils/http.server";

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export type SessionUser = {
  id: string;
  name: string | null;
  email: string;
  locale: string | null;
  platformRole: PlatformRole;
  /** One entry per company, with every role the person holds there (never empty). */
  memberships: Array<{
    organizationId: string;
    organizationName: string;
    organizationNumber: string;
    roles: OrgRole[];
  }>;
};

export function readSessionToken(request: Request): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  // The cookie package leaves a value it cannot decode (e.g. "100%") as it is instead of throwing.
  const cookies = parseCookie(header);
  for (const name of SESSION_COOKIES) {
    const value = cookies[name];
    if (value) return value;
  }
  return undefined;
}

// Lookups are kept per HTTP request (the request context the server opens for each), by session
// token: Remix hands each loader of a page its own copy of the request (it strips `?index`), so
// keyed by the Request alone, the root's loader and the route's each ran the statement. Outside a
// served request (tests, jobs) the Request is the scope.
const lookups = new WeakMap<object, Map<string, Promise<SessionUser | null>>>();

/** The signed-in user, or null. Memoised per HTTP request, across its loaders. */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  const scope = requestContext.getStore() ?? request;
  let byToken = lookups.get(scope);
  if (!byToken) {
    byToken = new Map();
    lookups.set(scope, byToken);
  }
  let pending = byToken.get(token);
  if (!pending) {
    pending = loadUser(token);
    byToken.set(token, pending);
  }
  return pending;
}

/** After a sign-out, a later lookup in the same HTTP request asks the database again. */
function forgetLookupsOfThisHttpRequest() {
  const httpRequest = requestContext.getStore();
  if (httpRequest) lookups.delete(httpRequest);
}

type SessionRow = {
  expires: Date;
  id: string;
  name: string | null;
  email: string;
  locale: string | null;
  platformRole: PlatformRole;
  memberships: Array<{ organizationId: string; roles: string[]; name: string; orgNumber: string }>;
};

// Every signed-in request asks this, so it is one round trip: the session, its user and their
// companies in one statement (Prisma's nested select made three, each costing more CPU in the
// query engine than the rest of a small page's loaders).
async function loadUser(token: string): Promise<SessionUser | null> {
  const db = await getDb();
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."expires", u."id", u."name", u."email", u."locale", u."platformRole"::text AS "platformRole",
           COALESCE(
             (SELECT json_agg(json_build_object('organizationId', m."organizationId", 'roles', m."roles",
                                                'name', o."name", 'orgNumber', o."orgNumber")
                              ORDER BY m."createdAt", m."id")
                FROM "Membership" m JOIN "Organization" o ON o."id" = m."organizationId"
               WHERE m."userId" = u."id"),
             '[]'::json) AS "memberships"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId"
     WHERE s."sessionToken" = ${token}`;
  if (!session || new Date(session.expires) < new Date()) return null;
  return {
    id: session.id,
    name: session.name,
    email: session.email,
    locale: session.locale,
    platformRole: session.platformRole,
    memberships: session.memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationName: m.name,
      organizationNumber: m.orgNumber,
      roles: normalizeRoles(m.roles),
    })),
  };
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/** A signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

/** A signed-in user with the given platform role (Kontakta staff: "admin"); 403 otherwise. */
export async function requireRole(request: Request, role: PlatformRole): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.platformRole !== role) throw refusalResponse(request, "forbidden");
  return user;
}

export function isPlatformAdmin(user: SessionUser | null): boolean {
  return user?.platformRole === "admin";
}

export type OrgMembershipAccess = {
  user: SessionUser;
  /** The company of the URL's :orgId, as the session loaded it (no second query). */
  org: { id: string; name: string; orgNumber: string };
  /** Every role the person holds there (an admin who is also a manager has both). */
  membership: { roles: OrgRole[] };
};

/**
 * The company pages' one check: a signed-in member of the company in the URL's :orgId holding at
 * least one of `roles`. A malformed id or a company the person is not part of is a 404 (never
 * 403: do not confirm that it exists); a member without the role gets a 403.
 */
export async function requireOrgMembership(
  request: Request,
  params: Record<string, string | undefined>,
  roles: OrgRole[],
): Promise<OrgMembershipAccess> {
  const { orgId } = parseParams(request, params, orgParamsSchema);
  const user = await requireUser(request);
  const membership = user.memberships.find((m) => m.organizationId === orgId);
  if (!membership) throw refusalResponse(request, "notFound");
  if (!membership.roles.some((r) => roles.includes(r))) throw refusalResponse(request, "forbidden");
  return {
    user,
    org: { id: membership.organizationId, name: membership.organizationName, orgNumber: membership.organizationNumber },
    membership: { roles: membership.roles },
  };
}

/** Ends this session (the row goes, so the cookie is worthless everywhere). */
export async function destroySession(request: Request) {
  const token = readSessionToken(request);
  if (!token) return;
  const db = await getDb();
  await db.session.deleteMany({ where: { sessionToken: token } });
  forgetLookupsOfThisHttpRequest();
}

/** Signs a user out on every device. */
export async function destroyAllSessions(userId: string) {
  const db = await getDb();
  await db.session.deleteMany({ where: { userId } });
  forgetLookupsOfThisHttpRequest();
}

export function clearSessionCookieHeaders(): string[] {
  return SESSION_COOKIES.map(
    (name) =>
      `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`,
  );
}
