// Who is asking: reads the Auth.js database session from its cookie, and the helpers every
// loader and action uses to demand a signed-in user, a platform role or a company role.
import { redirect } from "@remix-run/node";
import { parse as parseCookie } from "cookie";
import type { OrgRole, PlatformRole } from "~/generated/prisma/client";
import { normalizeRoles } from "~/modules/organizations/roles";
import { getDb } from "~/utils/db.server";

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export type SessionUser = {
  id: string;
  name: string | null;
  email: string;
  locale: string | null;
  platformRole: PlatformRole;
  /** One entry per company, with every role the person holds there (never empty). */
  memberships: Array<{ organizationId: string; organizationName: string; roles: OrgRole[] }>;
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

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in user, or null. Memoised per request. */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = loadUser(request);
    cache.set(request, pending);
  }
  return pending;
}

async function loadUser(request: Request): Promise<SessionUser | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const db = await getDb();
  const session = await db.session.findUnique({
    where: { sessionToken: token },
    select: {
      expires: true,
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          locale: true,
          platformRole: true,
          memberships: {
            select: { organizationId: true, roles: true, organization: { select: { name: true } } },
            orderBy: { createdAt: "asc" },
          },
        },
      },
    },
  });
  if (!session || session.expires < new Date()) return null;
  const { user } = session;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale,
    platformRole: user.platformRole,
    memberships: user.memberships.map((m) => ({ organizationId: m.organizationId, organizationName: m.organization.name, roles: normalizeRoles(m.roles) })),
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

export function forbidden(message = "Forbidden"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/** A signed-in user with the given platform role (Kontakta staff: "admin"); 403 otherwise. */
export async function requireRole(request: Request, role: PlatformRole): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.platformRole !== role) throw forbidden();
  return user;
}

export function isPlatformAdmin(user: SessionUser | null): boolean {
  return user?.platformRole === "admin";
}

/**
 * A signed-in member of the organisation holding at least one of `roles`; 403 otherwise. Returns
 * every role the person holds there (an admin who is also a manager gets both). Platform admins
 * pass only when `allowPlatformAdmin` is set (Kontakta's overview reads every company), with no roles.
 */
export async function requireOrgRole(
  request: Request,
  organizationId: string,
  roles: OrgRole[],
  { allowPlatformAdmin = false } = {},
): Promise<{ user: SessionUser; roles: OrgRole[] }> {
  const user = await requireUser(request);
  const membership = user.memberships.find((m) => m.organizationId === organizationId);
  if (membership && membership.roles.some((r) => roles.includes(r))) return { user, roles: membership.roles };
  if (allowPlatformAdmin && isPlatformAdmin(user)) return { user, roles: [] };
  // 404, not 403, for companies you are not part of: do not confirm that they exist.
  if (!membership) throw new Response("Not Found", { status: 404 });
  throw forbidden();
}

/** Ends this session (the row goes, so the cookie is worthless everywhere). */
export async function destroySession(request: Request) {
  const token = readSessionToken(request);
  if (!token) return;
  const db = await getDb();
  await db.session.deleteMany({ where: { sessionToken: token } });
}

/** Signs a user out on every device. */
export async function destroyAllSessions(userId: string) {
  const db = await getDb();
  await db.session.deleteMany({ where: { userId } });
}

export function clearSessionCookieHeaders(): string[] {
  return SESSION_COOKIES.map(
    (name) => `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`,
  );
}
