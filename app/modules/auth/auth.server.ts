// Sign-in with @auth/core: e-mail magic link (Nodemailer provider, our mailer) and, when
// configured, Microsoft Entra ID (OIDC). Sessions are database rows, so they are revocable.
import type { AuthConfig } from "@auth/core";
import { getLanguage } from "~/i18n/i18n.server";
import { signInMail } from "~/modules/mail/messages.server";
import { getDb } from "~/utils/db.server";
import { getEnv, type Env } from "~/utils/env.server";
import { handledEarly } from "~/utils/handled-early";
import { refusalResponse } from "~/utils/http.server";
import { logger } from "~/utils/logger.server";
import { sendMail } from "~/utils/mail.server";
import { getAuthSecret } from "./auth-secret.server";

export const AUTH_BASE_PATH = "/auth";
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

let configPromise: Promise<AuthConfig> | undefined;
let librariesPromise: ReturnType<typeof loadAuthLibraries> | undefined;

// Auth.js, its providers and the Prisma adapter (with jose and nodemailer, ~0.1 s to load) are
// loaded on the first sign-in request, not at every start: pages read the session themselves.
async function loadAuthLibraries() {
  const [core, entra, nodemailer, prismaAdapter] = await Promise.all([
    import("@auth/core"),
    import("@auth/core/providers/microsoft-entra-id"),
    import("@auth/core/providers/nodemailer"),
    import("@auth/prisma-adapter"),
  ]);
  return {
    Auth: core.Auth,
    MicrosoftEntraID: entra.default,
    Nodemailer: nodemailer.default,
    PrismaAdapter: prismaAdapter.PrismaAdapter,
  };
}

function authLibraries() {
  librariesPromise ??= loadAuthLibraries();
  return librariesPromise;
}

async function Auth(request: Request, config: AuthConfig): Promise<Response> {
  return (await authLibraries()).Auth(request, config);
}

/** Sign-in methods: always the e-mail magic link; Microsoft Entra ID when its env is set. */
export async function authProviders(env: Env): Promise<AuthConfig["providers"]> {
  const { Nodemailer, MicrosoftEntraID } = await authLibraries();
  const providers: AuthConfig["providers"] = [
    Nodemailer({
      // Our sendVerificationRequest sends through app/utils/mail.server.ts (SMTP or dev outbox);
      // the provider insists on a server value even so. Sent directly, not through the mail
      // outbox: the person is waiting on the page for the link, and Auth.js must learn now whether
      // it went (an error shows them the failure instead of "check your e-mail"). ADR 014.
      server: env.SMTP_URL ?? "smtp://localhost:25",
      from: env.MAIL_FROM,
      maxAge: 24 * 60 * 60,
      // @auth/core starts this promise, then awaits the token's hash, and only then awaits the
      // mail (actions/signin/send-token.js): an SMTP refusal arriving in between was an unhandled
      // rejection that stopped the server. handledEarly keeps the error for Auth.js.
      sendVerificationRequest({ identifier, url, request }) {
        return handledEarly(
          (async () => sendMail(await signInMail({ to: identifier, language: await getLanguage(request), url })))(),
        );
      },
    }),
  ];
  if (env.entraEnabled) {
    providers.push(
      MicrosoftEntraID({
        clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID,
        clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
        issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      }),
    );
  }
  return providers;
}

async function buildConfig(): Promise<AuthConfig> {
  const env = getEnv();
  const db = await getDb();
  const providers = await authProviders(env);
  const { PrismaAdapter } = await authLibraries();
  return {
    basePath: AUTH_BASE_PATH,
    // Auth.js reports through our JSON logger. An expired or reused link is a user mistake, not a
    // server error, so it is logged as a warning.
    logger: {
      error: (error) => logger.warn("auth", { err: error, kind: (error as { type?: string }).type ?? error.name }),
      warn: (code) => logger.warn("auth", { code }),
      debug: () => {},
    },
    secret: getAuthSecret(),
    trustHost: true,
    adapter: PrismaAdapter(db),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    providers,
    pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login" },
    callbacks: {
      // Pick the fields: returning the given object would expose the whole user row.
      session({ session, user }) {
        return {
          expires: session.expires,
          user: { id: user.id, name: user.name, email: user.email },
        } as typeof session;
      },
    },
  };
}

export function getAuthConfig() {
  configPromise ??= buildConfig();
  return configPromise;
}

/** Rebases a request onto APP_URL so links in mails always point to the public address. */
function onAppUrl(request: Request): Request {
  const url = new URL(request.url);
  const target = new URL(url.pathname + url.search, getEnv().APP_URL);
  return new Request(target, request);
}

/**
 * The Auth.js endpoints a browser may reach directly: the callbacks (magic link, OIDC) and the
 * SSO sign-in button. Everything else — above all POST /auth/signin/nodemailer, which sends a
 * sign-in mail — is only reached through our own routes (/login, /logout), which validate the
 * address, apply the sign-in limits and check the origin first.
 */
export function isPublicAuthEndpoint(method: string, pathname: string): boolean {
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false;
  const endpoint = pathname.slice(AUTH_BASE_PATH.length);
  if ((method === "GET" || method === "HEAD") && /^\/callback\/[a-z0-9-]+$/.test(endpoint)) return true;
  return (
    method === "POST" && (endpoint === "/signin/microsoft-entra-id" || endpoint === "/callback/microsoft-entra-id")
  );
}

/** Hands a request for /auth/* to @auth/core, when it is one the browser may make. */
export async function handleAuth(request: Request): Promise<Response> {
  if (!isPublicAuthEndpoint(request.method, new URL(request.url).pathname)) {
    return refusalResponse(request, "notFound");
  }
  return Auth(onAppUrl(request), await getAuthConfig());
}

/**
 * Starts an e-mail sign-in on the server (after our own validation and rate limits):
 * fetches a CSRF token and posts to the Nodemailer provider like the browser would.
 * Returns the Set-Cookie headers Auth.js wants the browser to keep.
 */
export async function startEmailSignIn(
  request: Request,
  email: string,
  callbackUrl: string,
): Promise<{ ok: boolean; setCookies: string[] }> {
  const config = await getAuthConfig();
  const base = getEnv().APP_URL + AUTH_BASE_PATH;
  const cookieHeader = request.headers.get("cookie") ?? "";
  const csrfResponse = await Auth(new Request(`${base}/csrf`, { headers: { cookie: cookieHeader } }), config);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookies = csrfResponse.headers.getSetCookie();
  const cookies = [cookieHeader, ...csrfCookies.map((c) => c.split(";")[0])].filter(Boolean).join("; ");
  const response = await Auth(
    new Request(`${base}/signin/nodemailer`, {
      method: "POST",
      headers: {
        cookie: cookies,
        "content-type": "application/x-www-form-urlencoded",
        "accept-language": request.headers.get("accept-language") ?? "",
        "x-auth-return-redirect": "1",
      },
      body: new URLSearchParams({ email, csrfToken, callbackUrl }),
    }),
    config,
  );
  const location =
    response.headers.get("location") ??
    (
      await response
        .clone()
        .json()
        .catch(() => ({}))
    )?.url ??
    "";
  const ok = response.status < 400 && !String(location).includes("error=");
  return { ok, setCookies: [...csrfCookies, ...response.headers.getSetCookie()] };
}

/** A CSRF token (and its cookie) for forms that post straight to /auth/* (SSO buttons). */
export async function getCsrf(request: Request): Promise<{ csrfToken: string; setCookies: string[] }> {
  const base = getEnv().APP_URL + AUTH_BASE_PATH;
  const response = await Auth(
    new Request(`${base}/csrf`, { headers: { cookie: request.headers.get("cookie") ?? "" } }),
    await getAuthConfig(),
  );
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, setCookies: response.headers.getSetCookie() };
}
