// THE AUTHORIZATION MATRIX. Every route module in app/routes (read at test time: a new route
// without a row here fails the test) is called — loader for GET, action for POST/DELETE — as
// each identity: anonymous, an agent, a manager and the admin of company A, a person who is BOTH
// company admin and manager of A (roles are a set per membership), the admin of ANOTHER company
// (B), a Kontakta platform admin, and API clients. For each call we check:
//   1. the status is the one in the table below (302 "login" = redirect to sign-in);
//   2. nothing in the response (body, thrown data, redirect target) reveals company A's data to
//      someone not entitled to it (A's name and organisation number to outsiders; A's people's
//      e-mail addresses to anyone outside A's admins/managers, except their own);
//   3. no call by someone not entitled changes company A's data (memberships, invitations,
//      organisation row, criterion history, certificates, course assignments);
//   4. nothing answers 500.
// Routes that are public by design are listed in PUBLIC_BY_DESIGN with the reason.
// API clients are extra identities (EXTRA_IDENTITIES, keys made through the API module); a row
// gives them an expectation only where they apply, so adding one means adding their column to the
// rows of the routes it can reach.
// KA_MATRIX_PRINT=1 prints the observed statuses as a table (handy when adding a route).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiClient } from "~/modules/api/clients.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { issueCertificateForAttempt } from "~/modules/certificates/issue.server";
import { getSigningKey } from "~/modules/certificates/signing-key.server";
import { unsubscribeToken } from "~/modules/mail/reminders.server";
import { hashInvitationToken, newInvitationToken } from "~/modules/organizations/invitations.server";
import { getContentStore } from "~/modules/courses/content.server";
import { startAttempt } from "~/modules/quiz/attempts.server";

const QUIZ_COURSE = "kundservice-och-lagen";
import { getDb, QUEUED_TRANSACTION } from "~/utils/db.server";
import {
  anonymous,
  apiKeyIdentity,
  callRoute,
  fillPattern,
  importRoute,
  listRouteFiles,
  sessionIdentity,
  type CallResult,
  type Identity,
  type RouteFile,
} from "../support/route-harness";
import { swedishOrgNumber } from "../support/org-numbers";

// ---------- the world: company A (the target), company B (the neighbour) ----------

type World = Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const db = await getDb();
  const tag = randomUUID().slice(0, 6);
  const orgA = await db.organization.create({
    data: { name: `Målbolaget ${tag} AB`, country: "SE", orgNumber: swedishOrgNumber(), membershipStatus: "member" },
  });
  const orgB = await db.organization.create({
    data: { name: `Grannbolaget ${tag} AB`, country: "SE", orgNumber: swedishOrgNumber(), membershipStatus: "member" },
  });
  type R = "manager" | "agent" | "org_admin";
  const person = async (
    label: string,
    memberships: Array<[string, R | R[]]>,
    platformRole: "user" | "admin" = "user",
  ) =>
    db.user.create({
      data: {
        email: `${label}-${tag}@matrix.example`,
        name: `Person ${label}`,
        platformRole,
        memberships: {
          create: memberships.map(([organizationId, role]) => ({
            organizationId,
            roles: Array.isArray(role) ? role : [role],
          })),
        },
      },
      include: { memberships: true },
    });
  const adminA = await person("admin-a", [[orgA.id, "org_admin"]]);
  const managerA = await person("manager-a", [[orgA.id, "manager"]]);
  const agentA = await person("agent-a", [[orgA.id, "agent"]]);
  const removableA = await person("removable-a", [[orgA.id, "agent"]]);
  // Company admin AND manager of A: gets the union of both roles' rights, nothing more.
  const adminManagerA = await person("admin-manager-a", [[orgA.id, ["org_admin", "manager"]]]);
  // Removed by the combined identity (the own admin removes removableA first).
  const removable2A = await person("removable2-a", [[orgA.id, "agent"]]);
  const adminB = await person("admin-b", [[orgB.id, "org_admin"]]);
  const platformAdmin = await person("kontakta", [], "admin");

  const token = newInvitationToken();
  const inviteeEmail = `invitee-${tag}@matrix.example`;
  await db.invitation.create({
    data: {
      organizationId: orgA.id,
      email: inviteeEmail,
      roles: ["manager"],
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      invitedById: adminA.id,
    },
  });

  // The manager passed the criterion course: a graded attempt, and its certificate issued by the
  // certificates module (signed credential; it calls the criterion hook itself).
  const { attempt, certificate } = await db.$transaction(async (tx) => {
    const attempt = await tx.quizAttempt.create({
      data: {
        userId: managerA.id,
        courseSlug: "introduktion-for-chefer",
        contentVersion: "2026.1",
        locale: "sv",
        status: "graded",
        snapshot: {},
        passed: true,
        scorePercent: 90,
        submittedAt: new Date(),
        gradedAt: new Date(),
      },
    });
    const issued = await issueCertificateForAttempt(tx, attempt.id);
    const certificate = await tx.certificate.findUniqueOrThrow({ where: { id: issued.certificateId } });
    return { attempt, certificate };
  }, QUEUED_TRANSACTION);
  const signingKey = await getSigningKey();

  const apiClient = await db.apiClient.create({
    data: { name: `Matrix ${tag}`, keyPrefix: `mx_${tag}`, keyHash: "not-a-real-key", scopes: ["criteria:read"] },
  });
  const subscription = await db.webhookSubscription.create({
    data: {
      apiClientId: apiClient.id,
      url: `https://receiver-${tag}.example/other-clients-hook`,
      events: ["criterion.changed"],
      secret: "x",
    },
  });

  // An open quiz attempt of the agent, started through the quiz engine (only for the quiz routes).
  let agentAttempt: Promise<string> | undefined;
  const agentAttemptId = () =>
    (agentAttempt ??= (async () => {
      const course = getContentStore().getCourse(QUIZ_COURSE);
      if (!course) throw new Error(`course ${QUIZ_COURSE} is not in the catalogue`);
      await db.lessonCompletion.createMany({
        data: course.lessons.map((l) => ({
          userId: agentA.id,
          courseSlug: course.slug,
          contentVersion: course.version,
          lessonSlug: l.slug,
        })),
      });
      const outcome = await startAttempt(agentA.id, QUIZ_COURSE, "sv");
      if (outcome.status !== "started" && outcome.status !== "resumed")
        throw new Error(`could not start a quiz attempt: ${outcome.status}`);
      return outcome.attemptId;
    })());

  const membershipOf = (user: { memberships: Array<{ id: string; organizationId: string }> }, orgId: string) =>
    user.memberships.find((m) => m.organizationId === orgId)!.id;
  return {
    tag,
    orgA,
    orgB,
    adminA,
    managerA,
    agentA,
    removableA,
    adminManagerA,
    removable2A,
    adminB,
    platformAdmin,
    inviteeEmail,
    invitationToken: token,
    attempt,
    certificate,
    signingKey,
    apiClient,
    subscription,
    agentAttemptId,
    agentMembershipId: membershipOf(agentA, orgA.id),
    removableMembershipId: membershipOf(removableA, orgA.id),
    removable2MembershipId: membershipOf(removable2A, orgA.id),
  };
}

// ---------- identities ----------

const CORE = ["anonymous", "agent", "manager", "otherAdmin", "platformAdmin", "ownAdmin", "adminManager"] as const;
type Role = (typeof CORE)[number];

/** What each identity must NOT find in any response: A's data it is not entitled to. */
function secretsFor(role: string, w: World): string[] {
  const emails = peopleEmails(w);
  const display = `${w.orgA.orgNumber.slice(0, 6)}-${w.orgA.orgNumber.slice(6)}`;
  switch (role) {
    case "anonymous":
    case "otherAdmin":
      return [...emails, w.orgA.name, w.orgA.orgNumber, display];
    case "agent":
      // An agent knows their own company, not its people's addresses.
      return emails.filter((e) => e !== w.agentA.email);
    default:
      // A's admin and managers follow their team; Kontakta's staff see every company.
      return [];
  }
}

type IdentityEntry = { identity: Identity; secrets: (w: World) => string[] };

/**
 * Identities beyond the core roles: API clients with keys, created per world through the API
 * module. A route row lists them in `expect` only where they apply (the API routes); elsewhere
 * they are not called. API clients may read company criterion data (that is what the API is
 * for), but never the people's e-mail addresses.
 */
const EXTRA_IDENTITIES: Array<(w: World) => Promise<IdentityEntry>> = [
  async () => {
    const { key } = await createApiClient({ name: "Matrix: every scope", scopes: [...API_SCOPES], createdById: null });
    return { identity: apiKeyIdentity("apiKey", key), secrets: (w) => [...peopleEmails(w), w.subscription.url] };
  },
  async () => {
    const { key } = await createApiClient({
      name: "Matrix: completions only",
      scopes: ["completions:read"],
      createdById: null,
    });
    return {
      identity: apiKeyIdentity("apiKeyCompletionsOnly", key),
      secrets: (w) => [...peopleEmails(w), w.subscription.url],
    };
  },
];

function peopleEmails(w: World) {
  return [
    w.adminA.email,
    w.managerA.email,
    w.agentA.email,
    w.removableA.email,
    w.adminManagerA.email,
    w.removable2A.email,
    w.inviteeEmail,
  ];
}

// ---------- the table ----------

type Outcome = number | "login";
type Expectations = Record<Role, Outcome> & Record<string, Outcome>;
type MethodSpec = {
  expect: Expectations;
  /** The request body; `who` is the identity (the two admins of A change different things). */
  body?: (w: World, who: string) => FormData | URLSearchParams | string;
  /** Roles whose call may change company A (their success is the point of the route). */
  mayChangeA?: Role[];
  /** Query string to add. */
  search?: (w: World) => string;
};
type RouteSpec = {
  /** Parameter values (default: by parameter name, see defaultParams). */
  params?: (w: World) => Record<string, string> | Promise<Record<string, string>>;
  GET?: MethodSpec;
  POST?: MethodSpec;
  DELETE?: MethodSpec;
  /** Routes whose module has neither loader nor action (static pages): nothing to call. */
  staticPage?: true;
  /** Strings a public-by-design page may show even to outsiders (e.g. a certificate's holder). */
  allowed?: (w: World) => string[];
};

const all = (outcome: Outcome): Expectations => ({
  anonymous: outcome,
  agent: outcome,
  manager: outcome,
  otherAdmin: outcome,
  platformAdmin: outcome,
  ownAdmin: outcome,
  adminManager: outcome,
});
const signedIn = (outcome: Outcome): Expectations => ({ ...all(outcome), anonymous: "login" });
const platformOnly = (ok: Outcome = 200): Expectations => ({
  anonymous: "login",
  agent: 403,
  manager: 403,
  otherAdmin: 403,
  platformAdmin: ok,
  ownAdmin: 403,
  adminManager: 403,
});
const form = (fields: Record<string, string>) => () => new URLSearchParams(fields);
/** Expectations for the API-key identities: a key with every scope, and one with completions:read only. */
const api = (full: Outcome, completionsOnly: Outcome) => ({ apiKey: full, apiKeyCompletionsOnly: completionsOnly });

function defaultParams(w: World, who: string): Record<string, string> {
  return {
    orgId: w.orgA.id,
    // The own admin removes one person; the combined admin+manager (called after) another.
    membershipId: who === "adminManager" ? w.removable2MembershipId : w.removableMembershipId,
    token: w.invitationToken,
    number: w.certificate.number,
    orgNumber: w.orgA.orgNumber,
    attemptId: w.attempt.id,
    slug: "introduktion-for-chefer",
    lesson: "kontakta-och-trygg-kundkontakt",
    file: "does-not-exist.png",
    clientId: w.apiClient.id,
    id: w.subscription.id,
    listId: "1",
    keyId: w.signingKey.publicKeyMultibase,
    "*": "does-not-exist",
  };
}

/** Routes anyone may call, and why that is safe. */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  "$.tsx": "404 for every unknown path",
  "_index.tsx": "home page, static",
  "auth.$.ts":
    "Auth.js callbacks and the SSO button only; every other Auth.js endpoint is 404 (sign-in mails go through /login and its limits)",
  "healthz.ts": "liveness probe",
  "readyz.ts": "readiness probe",
  "login.tsx": "sign-in form",
  "login_.check-email.tsx": "static confirmation page",
  "logout.tsx": "ends the caller's own session",
  "set-language.tsx": "sets the caller's language cookie",
  "dev.outbox.tsx": "development outbox, 404 unless no SMTP is configured outside production",
  "courses._index.tsx": "public course catalogue",
  "courses.$slug._index.tsx": "public course page",
  "verify._index.tsx": "certificate verification form",
  "verify.$number.tsx": "public certificate verification: shows holder and course by design, nothing about companies",
  "verify.credential.tsx": "verification of an uploaded credential",
  "invitations.$token.tsx":
    "the invitation link: whoever holds the single-use token sees that invitation (company name, invited address, role); nothing without it",
  "invitations.$token_.accept.tsx":
    "where the sign-in link from an invitation lands: accepts only for the signed-in invited address, redirects everyone else to the invitation page",
  "unsubscribe.$token.tsx":
    "the reminder opt-out link: the signed token names one person, whose reminders it can switch off or on; shows their address masked",
  "api.docs.tsx": "API documentation",
  "credentials.status.$listId.ts":
    "W3C Bitstring Status List: public so anyone can check a credential's revocation; bits only, no names",
  "issuer.ts": "the issuer's public profile (Open Badges)",
  "issuer.keys.$keyId.ts": "the issuer's public key, to verify credentials",
  "api.v1.openapi[.]json.ts": "OpenAPI document",
  "privacy.tsx": "the privacy notice: static text and the retention table, nothing about anyone",
  "webhooks.stripe.ts":
    "Stripe's event deliveries: nothing is read before the Stripe-Signature is verified on the raw body; 404 while payments are not configured",
};

const orgForm = (w: World) =>
  new URLSearchParams({
    name: w.orgA.name,
    country: "SE",
    orgNumber: w.orgA.orgNumber,
    membershipStatus: "member",
    memberSince: "",
    membershipEndedAt: "",
  });

const ROUTES: Record<string, RouteSpec> = {
  // ----- public by design (see PUBLIC_BY_DESIGN) -----
  "$.tsx": { GET: { expect: all(404) } },
  "_index.tsx": { staticPage: true },
  // Only the callbacks and the SSO button reach Auth.js (sign-in limits cannot be side-stepped):
  // its other endpoints, /auth/session included, answer 404 to everyone.
  "auth.$.ts": {
    params: () => ({ "*": "session" }),
    GET: { expect: all(404) },
    POST: { expect: all(404), body: form({}) },
  },
  "healthz.ts": { GET: { expect: all(200) } },
  "readyz.ts": { GET: { expect: all(200) } },
  "login.tsx": {
    GET: { expect: { ...all(302), anonymous: 200 } },
    POST: { expect: all(400), body: form({ email: "not-an-address" }) },
  },
  "login_.check-email.tsx": { staticPage: true },
  "logout.tsx": { GET: { expect: all(302) }, POST: { expect: all(302), body: form({}) } },
  "set-language.tsx": {
    GET: { expect: all(302) },
    POST: { expect: all(302), body: form({ language: "en", redirectTo: "/" }) },
  },
  // Development tool: lists mails that would have been sent; 404 in production and whenever SMTP is set.
  "dev.outbox.tsx": { GET: { expect: all(200) } },
  "courses._index.tsx": { GET: { expect: all(200) } },
  "courses.$slug._index.tsx": {
    GET: { expect: all(200) },
    POST: { expect: signedIn(400), body: form({ intent: "nonsense" }) },
  },
  "verify._index.tsx": { GET: { expect: all(200) } },
  "verify.$number.tsx": { GET: { expect: all(200) } },
  "verify.credential.tsx": { GET: { expect: all(200) }, POST: { expect: all(400), body: form({}) } },
  "invitations.$token.tsx": {
    // Whoever holds the token sees that one invitation: company name and invited address.
    allowed: (w) => [w.orgA.name, w.inviteeEmail],
    GET: { expect: all(200) },
    // Only the invited address may accept: everyone else is refused, nobody joins company A.
    POST: { expect: { ...all(403), anonymous: "login" }, body: form({}) },
  },
  // Nobody in the table is the invitee: everyone is sent back to the invitation page, nobody joins.
  "invitations.$token_.accept.tsx": { GET: { expect: all(302) } },
  // The token is the credential: the same for everyone, signed in or not (it changes only that person's reminders).
  "unsubscribe.$token.tsx": {
    params: (w) => ({ token: unsubscribeToken(w.agentA.id) }),
    GET: { expect: all(200) },
    POST: { expect: all(200), body: form({ intent: "unsubscribe" }) },
  },
  "api.docs.tsx": { GET: { expect: all(200) } },
  // No Stripe keys in this test: 404. With keys, an unsigned body is a 400 (tests/integration/billing.test.ts).
  "webhooks.stripe.ts": { GET: { expect: all(405) }, POST: { expect: all(404), body: () => "{}" } },
  "api.v1.openapi[.]json.ts": {
    GET: { expect: { ...all(200), ...api(200, 200) } },
    POST: { expect: { ...all(405), ...api(405, 405) }, body: () => "{}" },
  },

  // ----- learning: every signed-in person, their own data only -----
  "learning.tsx": { GET: { expect: signedIn(200) } },
  // Everyone's own profile only: there is no user id in the URL.
  "profile.tsx": { GET: { expect: signedIn(200) }, POST: { expect: signedIn(400), body: form({ name: "" }) } },
  // The person's own data export (GDPR art. 15/20): no user id in the URL, so only their own rows.
  "profile_.export[.json].ts": { GET: { expect: signedIn(200) } },
  "privacy.tsx": { GET: { expect: all(200) } },
  "search.tsx": { GET: { expect: signedIn(200), search: () => "q=samtal" } },
  "courses.$slug.lessons.$lesson.tsx": {
    GET: { expect: signedIn(200) },
    POST: { expect: signedIn(400), body: form({ intent: "nonsense" }) },
  },
  "courses.$slug.media.$file.ts": { GET: { expect: signedIn(404) } },
  // Buying: anyone signed in sees the offers; nothing is sold without Stripe keys (and a bad form is a 400 first).
  "courses.$slug.buy.tsx": {
    GET: { expect: signedIn(200) },
    POST: { expect: signedIn(400), body: form({ intent: "nonsense" }) },
  },
  // Everyone's own orders only: there is no user id in the URL.
  "orders._index.tsx": { GET: { expect: signedIn(200) } },
  "courses.$slug_.quiz.tsx": {
    GET: { expect: signedIn(200) },
    POST: { expect: signedIn(400), body: form({ intent: "nonsense" }) },
  },
  // The attempt belongs to company A's agent: nobody else (not even their admin or Kontakta) sees or changes it.
  "quiz.$attemptId.tsx": {
    params: async (w) => ({ attemptId: await w.agentAttemptId() }),
    GET: {
      expect: {
        anonymous: "login",
        agent: 200,
        manager: 404,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 404,
        adminManager: 404,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 200,
        manager: 404,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 404,
        adminManager: 404,
      },
      body: form({ intent: "save" }),
    },
  },
  "quiz.$attemptId_.result.tsx": {
    params: async (w) => ({ attemptId: await w.agentAttemptId() }),
    // Still open for its owner: the result page sends them back to the attempt.
    GET: {
      expect: {
        anonymous: "login",
        agent: 302,
        manager: 404,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 404,
        adminManager: 404,
      },
    },
  },

  // ----- the company's pages: its admins (and managers for reading); nobody else -----
  "team._index.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 200,
        manager: 302,
        otherAdmin: 302,
        platformAdmin: 200,
        ownAdmin: 302,
        adminManager: 302,
      },
    },
  },
  "team.$orgId._index.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
  },
  "team.$orgId.export[.csv].ts": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
  },
  "team.$orgId.invite.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
      body: (w) => new URLSearchParams({ intent: "single", email: `new-${w.tag}@matrix.example`, role: "manager" }),
      mayChangeA: ["ownAdmin", "adminManager"],
    },
  },
  "team.$orgId.people._index.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
      // The own admin makes the agent a company admin; the combined identity then gives them two roles.
      body: (w, who) =>
        new URLSearchParams(
          who === "adminManager"
            ? [
                ["intent", "setRoles"],
                ["membershipId", w.agentMembershipId],
                ["roles", "agent"],
                ["roles", "manager"],
              ]
            : [
                ["intent", "setRoles"],
                ["membershipId", w.agentMembershipId],
                ["roles", "org_admin"],
              ],
        ),
      mayChangeA: ["ownAdmin", "adminManager"],
    },
  },
  // Course assignments: the company's admins and managers assign to their own people; a company
  // admin of B neither sees nor assigns in A.
  "team.$orgId.assignments.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
      body: (w) =>
        new URLSearchParams([
          ["intent", "assign"],
          ["target", "people"],
          ["courseSlug", "etik-for-saljare-och-kundtjanst"],
          ["dueDate", new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)],
          ["membershipIds", w.agentMembershipId],
        ]),
      mayChangeA: ["manager", "ownAdmin", "adminManager"],
    },
  },
  // Seats and orders of the company: its admins only.
  "team.$orgId.seats.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 400,
        adminManager: 400,
      },
      body: form({ intent: "nonsense" }),
    },
  },
  "team.$orgId.people.$membershipId.remove.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 200,
        adminManager: 200,
      },
    },
    POST: {
      expect: {
        anonymous: "login",
        agent: 403,
        manager: 403,
        otherAdmin: 404,
        platformAdmin: 404,
        ownAdmin: 302,
        adminManager: 302,
      },
      body: form({}),
      mayChangeA: ["ownAdmin", "adminManager"],
    },
  },

  // ----- certificates: the holder (and Kontakta); the public verification is above -----
  "certificates._index.tsx": { GET: { expect: signedIn(200) } },
  "certificates.$number.tsx": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 404,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 200,
        ownAdmin: 404,
        adminManager: 404,
      },
    },
  },
  "certificates.$number_.credential[.]json.ts": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 404,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 200,
        ownAdmin: 404,
        adminManager: 404,
      },
    },
  },
  "certificates.$number_.pdf.ts": {
    GET: {
      expect: {
        anonymous: "login",
        agent: 404,
        manager: 200,
        otherAdmin: 404,
        platformAdmin: 200,
        ownAdmin: 404,
        adminManager: 404,
      },
    },
  },
  "credentials.status.$listId.ts": { GET: { expect: all(200) } },
  "issuer.ts": { GET: { expect: all(200) } },
  "issuer.keys.$keyId.ts": { GET: { expect: all(200) } },

  // ----- Kontakta's staff only -----
  "admin.certificates.$number.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(302),
      body: form({ reason: "Authorization matrix: revocation by Kontakta", confirm: "on" }),
      mayChangeA: ["platformAdmin"],
    },
  },
  "admin._index.tsx": { GET: { expect: platformOnly() } },
  "admin.organizations.new.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(302),
      body: (w) =>
        new URLSearchParams({
          name: `Nytt ${w.tag} AB`,
          country: "FI",
          orgNumber: "1572860-0",
          membershipStatus: "member",
        }),
    },
  },
  "admin.organizations.$orgId._index.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(200),
      body: (w) =>
        new URLSearchParams({ intent: "single", email: `first-admin-${w.tag}@matrix.example`, role: "org_admin" }),
      mayChangeA: ["platformAdmin"],
    },
  },
  "admin.organizations.$orgId.edit.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(302),
      body: (w) => {
        const f = orgForm(w);
        f.set("membershipStatus", "excluded");
        f.set("membershipEndedAt", "2026-01-01");
        f.set("exclusionDecidedAt", "2025-12-15");
        return f;
      },
      mayChangeA: ["platformAdmin"],
    },
  },
  "admin.api._index.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(200),
      body: () =>
        new URLSearchParams([
          ["intent", "create-client"],
          ["name", "Matrix client"],
          ["scopes", "criteria:read"],
        ]),
    },
  },
  "admin.api.clients.$clientId.tsx": {
    GET: { expect: platformOnly() },
    POST: { expect: platformOnly(200), body: form({ intent: "revoke" }) },
  },
  "admin.api.requests.tsx": { GET: { expect: platformOnly() } },
  // Export for a person who cannot sign in (GDPR art. 15/20), by exact address; Kontakta staff only.
  "admin.privacy.tsx": {
    GET: { expect: platformOnly(), search: (w) => `email=${encodeURIComponent(w.agentA.email)}` },
    POST: { expect: platformOnly(200), body: (w) => new URLSearchParams({ intent: "export", email: w.agentA.email }) },
  },
  "admin.billing._index.tsx": {
    GET: { expect: platformOnly() },
    POST: { expect: platformOnly(400), body: form({ intent: "nonsense" }) },
  },
  // An empty price keeps the course free (nothing about company A changes).
  "admin.billing.prices.tsx": {
    GET: { expect: platformOnly() },
    POST: {
      expect: platformOnly(200),
      body: form({ courseSlug: "introduktion-for-chefer", listSek: "", listEur: "", memberSek: "", memberEur: "" }),
    },
  },

  // ----- the certification API: API keys only (sessions are not credentials here), by scope -----
  "api.v1.$.ts": {
    GET: { expect: { ...all(404), ...api(404, 404) } },
    POST: { expect: { ...all(404), ...api(404, 404) }, body: () => "{}" },
  },
  "api.v1.certificates.$number.ts": {
    GET: { expect: { ...all(401), ...api(200, 403) } },
    POST: { expect: { ...all(405), ...api(405, 405) }, body: () => "{}" },
  },
  "api.v1.companies.$orgNumber.criterion.ts": {
    GET: { expect: { ...all(401), ...api(200, 403) } },
    POST: { expect: { ...all(405), ...api(405, 405) }, body: () => "{}" },
  },
  "api.v1.companies._index.ts": {
    GET: { expect: { ...all(401), ...api(200, 403) } },
    POST: { expect: { ...all(405), ...api(405, 405) }, body: () => "{}" },
  },
  "api.v1.completions.ts": {
    GET: { expect: { ...all(401), ...api(200, 200) } },
    POST: { expect: { ...all(405), ...api(405, 405) }, body: () => "{}" },
  },
  "api.v1.webhooks._index.ts": {
    GET: { expect: { ...all(401), ...api(200, 200) } },
    // A criterion subscription needs criteria:read: refused (422 missing_scope) without it.
    POST: {
      expect: { ...all(401), ...api(201, 422) },
      body: () => JSON.stringify({ url: "https://receiver.example/new-hook", events: ["criterion.changed"] }),
    },
  },
  // The fixture subscription belongs to another API client: no client can touch it.
  "api.v1.webhooks.$id.ts": {
    GET: { expect: { ...all(401), ...api(405, 405) } },
    POST: { expect: { ...all(401), ...api(405, 405) }, body: () => "{}" },
    DELETE: { expect: { ...all(401), ...api(404, 404) } },
  },
};

// ---------- the test ----------

type Fingerprint = string;

async function fingerprintA(w: World): Promise<Fingerprint> {
  const db = await getDb();
  const [org, memberships, invitations, events, certificates, assignments] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: w.orgA.id },
      select: {
        name: true,
        orgNumber: true,
        country: true,
        membershipStatus: true,
        memberSince: true,
        membershipEndedAt: true,
        criterionMet: true,
      },
    }),
    db.membership.findMany({
      where: { organizationId: w.orgA.id },
      select: { id: true, userId: true, roles: true },
      orderBy: { id: "asc" },
    }),
    db.invitation.findMany({
      where: { organizationId: w.orgA.id },
      select: {
        id: true,
        email: true,
        roles: true,
        acceptedAt: true,
        revokedAt: true,
        tokenHash: true,
        expiresAt: true,
      },
      orderBy: { id: "asc" },
    }),
    db.criterionEvent.count({ where: { organizationId: w.orgA.id } }),
    db.certificate.findMany({
      where: { user: { memberships: { some: { organizationId: w.orgA.id } } } },
      select: { id: true, revokedAt: true },
      orderBy: { id: "asc" },
    }),
    db.courseAssignee.findMany({
      where: { organizationId: w.orgA.id },
      select: { id: true, userId: true, courseSlug: true, dueAt: true },
      orderBy: { id: "asc" },
    }),
  ]);
  return JSON.stringify({ org, memberships, invitations, events, certificates, assignments });
}

function outcomeOf(result: CallResult): Outcome {
  if ((result.status === 302 || result.status === 303) && result.location?.startsWith("/login?redirectTo="))
    return "login";
  return result.status;
}

const METHODS = ["GET", "POST", "DELETE"] as const;

async function identitiesFor(w: World): Promise<IdentityEntry[]> {
  const db = await getDb();
  const createSession = async (sessionToken: string, userId: string) => {
    await db.session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + 3_600_000) } });
  };
  const users: Record<Exclude<Role, "anonymous">, string> = {
    agent: w.agentA.id,
    manager: w.managerA.id,
    otherAdmin: w.adminB.id,
    platformAdmin: w.platformAdmin.id,
    ownAdmin: w.adminA.id,
    adminManager: w.adminManagerA.id,
  };
  return [
    { identity: anonymous, secrets: (x) => secretsFor("anonymous", x) },
    ...(Object.entries(users) as Array<[Role, string]>).map(([role, userId]) => ({
      identity: sessionIdentity(role, userId, createSession),
      secrets: (x: World) => secretsFor(role, x),
    })),
    ...(await Promise.all(EXTRA_IDENTITIES.map((build) => build(w)))),
  ];
}

describe("authorization matrix", () => {
  const routes = listRouteFiles();

  it("has a row for every route module in app/routes, and no row for a route that is gone", () => {
    const files = routes.map((r) => r.file);
    const missing = files.filter((f) => !ROUTES[f]);
    expect(missing, "routes without a row in the authorization matrix: add their expected statuses").toEqual([]);
    expect(
      Object.keys(ROUTES).filter((f) => !files.includes(f)),
      "rows for routes that no longer exist",
    ).toEqual([]);
    for (const f of Object.keys(PUBLIC_BY_DESIGN)) expect(files, `PUBLIC_BY_DESIGN lists ${f}`).toContain(f);
  });

  const printed: string[] = [];

  for (const route of routes) {
    it(`${route.file} (${route.pattern})`, async () => {
      const spec = ROUTES[route.file];
      const mod = await importRoute(route);
      // A fresh pair of companies per route: one route's successful changes never affect another's cases.
      const world = await buildWorld();
      const identities = await identitiesFor(world);
      if (process.env.KA_MATRIX_PRINT) return void printed.push(await observe(route, mod, world, identities));
      expect(spec, `no row for ${route.file}`).toBeDefined();
      if (!spec) return;
      if (spec.staticPage) {
        expect(mod.loader, `${route.file} has a loader now: give it expectations`).toBeUndefined();
        expect(mod.action, `${route.file} has an action now: give it expectations`).toBeUndefined();
        return;
      }
      expect(Boolean(mod.loader), `${route.file}: loader present ⇔ GET row`).toBe(Boolean(spec.GET));
      expect(Boolean(mod.action), `${route.file}: action present ⇔ POST/DELETE row`).toBe(
        Boolean(spec.POST || spec.DELETE),
      );
      const failures: string[] = [];
      for (const method of METHODS) {
        const m = spec[method];
        if (!m) continue;
        for (const core of CORE) if (!(core in m.expect)) failures.push(`${method}: no expectation for ${core}`);
        // Company A's own admins go last (the combined admin+manager after the admin): their
        // successful changes must not disturb the others' cases.
        const rank = (name: string) => (name === "adminManager" ? 2 : name === "ownAdmin" ? 1 : 0);
        const ordered = [...identities].sort((a, b) => rank(a.identity.name) - rank(b.identity.name));
        for (const { identity, secrets } of ordered) {
          const expected = m.expect[identity.name];
          if (expected === undefined) continue; // extra identities only where listed
          const params = { ...defaultParams(world, identity.name), ...(await spec.params?.(world)) };
          const before = await fingerprintA(world);
          const path = fillPattern(route.pattern, params) + (m.search ? `?${m.search(world)}` : "");
          const result = await callRoute(mod, {
            method,
            path,
            params,
            headers: await identity.headers(),
            body: m.body?.(world, identity.name) ?? null,
          });
          const actual = outcomeOf(result);
          const where = `${method} ${path} as ${identity.name}`;
          if (result.error) failures.push(`${where}: threw ${String(result.error)}`);
          if (actual !== expected)
            failures.push(
              `${where}: expected ${expected}, got ${actual}${result.location ? ` → ${result.location}` : ""} ${result.body.slice(0, 200)}`,
            );
          const allowed = new Set(spec.allowed?.(world) ?? []);
          const text = `${result.location ?? ""}\n${result.body}`;
          for (const secret of secrets(world)) {
            if (!allowed.has(secret) && text.includes(secret))
              failures.push(`${where}: response reveals ${JSON.stringify(secret)}`);
          }
          if (!m.mayChangeA?.includes(identity.name as Role) && (await fingerprintA(world)) !== before) {
            failures.push(`${where}: changed company A's data`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it.runIf(Boolean(process.env.KA_MATRIX_PRINT))("prints the observed matrix", () => {
    console.log(printed.join("\n"));
  });
});

/** KA_MATRIX_PRINT helper: what every identity gets from a route, GET and POST with an empty form. */
async function observe(
  route: RouteFile,
  mod: Awaited<ReturnType<typeof importRoute>>,
  w: World,
  identities: Array<{ identity: Identity }>,
) {
  const params = { ...defaultParams(w, "ownAdmin"), ...(await ROUTES[route.file]?.params?.(w)) };
  const lines: string[] = [];
  for (const [method, present] of [
    ["GET", mod.loader],
    ["POST", mod.action],
  ] as const) {
    if (!present) continue;
    const cells: string[] = [];
    for (const { identity } of identities) {
      const r = await callRoute(mod, {
        method,
        path: fillPattern(route.pattern, params),
        params,
        headers: await identity.headers(),
        body: method === "POST" ? new URLSearchParams() : null,
      });
      cells.push(`${identity.name}: ${outcomeOf(r)}${r.error ? "!" : ""}`);
    }
    lines.push(`${route.file} ${method} { ${cells.join(", ")} }`);
  }
  if (lines.length === 0) lines.push(`${route.file}: static`);
  return lines.join("\n");
}
