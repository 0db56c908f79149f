// The OpenAPI 3.1 description of the certification API, as a typed object: served at
// /api/v1/openapi.json, rendered as the docs page /api/docs, and used by the tests to validate
// every response (ajv). Parameters come from the same constants as the zod schemas in schemas.ts.
import type { OpenAPIV3_1 } from "openapi-types";
import { MAX_CURSOR_LENGTH } from "./cursor";
import { completionStages } from "../organizations/completion";
import { criterionCauses, EXPIRY_WARNING_DAYS } from "../organizations/criterion";
import { API_ERROR_CODES } from "./errors";
import { CRITERION_FILTERS, MEMBERSHIP_FILTERS, PAGE_SIZE } from "./schemas";
import { API_SCOPES } from "./scopes";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

// 2.0.0: roles as a set, membership standing beside the criterion, one certificate shape in REST and
// webhooks, criterion.changed reshaped (issue 9); see ADR 010's amendment.
export const API_VERSION = "2.0.0";
export const API_BASE_PATH = "/api/v1";

type Schema = OpenAPIV3_1.SchemaObject;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: "null" }] });
const dateTime: Schema = { type: "string", format: "date-time" };

/** A criterion's state, as the company view and the criterion.changed event both carry it. */
const criterionStateProperties: Record<string, Schema | OpenAPIV3_1.ReferenceObject> = {
  status: ref("CriterionStatus"),
  met: { type: "boolean" },
  since: nullable({ ...dateTime, description: "Since when the current status holds; null when never recorded." }),
  validUntil: nullable({
    ...dateTime,
    description:
      "When met: the moment it stops being met without a renewal; null when not met or a certificate never expires.",
  }),
};

const schemas: Record<string, Schema> = {
  Error: {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        additionalProperties: false,
        properties: {
          code: {
            type: "string",
            enum: [...API_ERROR_CODES],
            description: "Stable, machine-readable. Branch on this.",
          },
          message: { type: "string", description: "For people; follows Accept-Language (en, sv, fi). May change." },
        },
      },
    },
  },
  Country: { type: "string", enum: ["SE", "FI"] },
  Organization: {
    type: "object",
    description: "A company, in the same shape in every response and webhook payload.",
    required: ["orgNumber", "displayOrgNumber", "country", "name"],
    additionalProperties: false,
    properties: {
      orgNumber: {
        type: "string",
        description: 'Canonical: SE "5566778899" (10 digits), FI "1572860-0".',
        examples: ["5566778899"],
      },
      displayOrgNumber: {
        type: "string",
        description: 'As written for people: "556677-8899".',
        examples: ["556677-8899"],
      },
      country: ref("Country"),
      name: { type: "string" },
    },
  },
  MembershipStatus: {
    type: "string",
    enum: ["member", "non_member", "excluded"],
    description:
      "The company's standing with Kontakta. Only a member can be certified; a non-member or excluded company may still meet the training criterion.",
  },
  Membership: {
    type: "object",
    description: "The membership standing, reported side by side with the training criterion.",
    required: ["status", "memberSince", "endedAt", "exclusionDecidedAt", "changedAt"],
    additionalProperties: false,
    properties: {
      status: ref("MembershipStatus"),
      memberSince: nullable({ ...dateTime, description: "When the company became a member; null when not recorded." }),
      endedAt: nullable({
        ...dateTime,
        description: "When the membership ended (non_member, excluded); null otherwise.",
      }),
      exclusionDecidedAt: nullable({
        ...dateTime,
        description: "excluded: the date of Kontakta's decision to exclude; null otherwise.",
      }),
      changedAt: nullable({
        ...dateTime,
        description: "When the standing last changed; null when it has not changed since it was recorded.",
      }),
    },
  },
  CriterionStatus: {
    type: "string",
    enum: ["met", "not_met", "expiring"],
    description: `met: at least one manager holds a valid certificate of the criterion course. expiring: met, but every qualifying certificate expires within ${EXPIRY_WARNING_DAYS} days. not_met: no qualifying certificate.`,
  },
  Course: {
    type: "object",
    required: ["slug", "contentVersion"],
    additionalProperties: false,
    properties: { slug: { type: "string" }, contentVersion: { type: "string" } },
  },
  Evidence: {
    type: "object",
    description: "A certificate that makes the company meet the criterion.",
    required: ["certificateNumber", "holderName", "course", "issuedAt", "expiresAt"],
    additionalProperties: false,
    properties: {
      certificateNumber: { type: "string", examples: ["KA-7K3M-9QXD-A"] },
      holderName: { type: "string" },
      course: ref("Course"),
      issuedAt: dateTime,
      expiresAt: nullable({ ...dateTime, description: "null: never expires." }),
    },
  },
  Criterion: {
    type: "object",
    required: ["status", "met", "since", "validUntil", "evidence"],
    additionalProperties: false,
    properties: { ...criterionStateProperties, evidence: { type: "array", items: ref("Evidence") } },
  },
  CompanyCriterion: {
    type: "object",
    description: "The training criterion and the membership standing side by side: check both.",
    required: ["organization", "membership", "criterion", "checkedAt"],
    additionalProperties: false,
    properties: {
      organization: ref("Organization"),
      membership: ref("Membership"),
      criterion: ref("Criterion"),
      checkedAt: dateTime,
    },
  },
  CompanyListItem: {
    type: "object",
    required: ["organization", "membership", "criterion"],
    additionalProperties: false,
    properties: {
      organization: ref("Organization"),
      membership: ref("Membership"),
      criterion: {
        type: "object",
        required: ["status", "met", "since", "validUntil", "evidenceCount"],
        additionalProperties: false,
        properties: {
          status: ref("CriterionStatus"),
          met: { type: "boolean" },
          since: nullable(dateTime),
          validUntil: nullable(dateTime),
          evidenceCount: { type: "integer", minimum: 0 },
        },
      },
    },
  },
  CompanyList: {
    type: "object",
    required: ["items", "nextCursor"],
    additionalProperties: false,
    properties: {
      items: { type: "array", items: ref("CompanyListItem") },
      nextCursor: nullable({
        type: "string",
        description: "Pass it unchanged as `cursor` for the next page; null on the last page.",
      }),
    },
  },
  CertificateStatus: { type: "string", enum: ["valid", "expired", "revoked"] },
  CompletionStage: {
    type: "string",
    enum: [...completionStages],
    description:
      "What a completion is. lessons_completed: every lesson marked done, the quiz not passed, no certificate (never evidence). quiz_passed: the quiz passed and a certificate issued, valid now. certificate_expired: its validity ran out. certificate_revoked: Kontakta revoked it.",
  },
  HolderCompany: {
    type: "object",
    description: "A company the person belongs to, with their roles there.",
    required: ["orgNumber", "country", "roles"],
    additionalProperties: false,
    properties: {
      orgNumber: { type: "string", examples: ["5566778899"] },
      country: ref("Country"),
      roles: {
        type: "array",
        minItems: 1,
        uniqueItems: true,
        items: { type: "string", enum: ["manager", "agent", "org_admin"] },
        description: "Every role the person holds in the company (a company admin can also be a manager).",
      },
    },
  },
  Certificate: {
    type: "object",
    description:
      "A certificate, in the same shape in GET /certificates/{number} and in certificate.* webhook payloads.",
    required: [
      "number",
      "status",
      "stage",
      "criterionEvidence",
      "holderName",
      "course",
      "criterionCourse",
      "issuedAt",
      "expiresAt",
      "revokedAt",
      "revocationReason",
    ],
    additionalProperties: false,
    properties: {
      number: { type: "string", examples: ["KA-7K3M-9QXD-A"] },
      status: ref("CertificateStatus"),
      stage: ref("CompletionStage"),
      criterionEvidence: {
        type: "boolean",
        description: "true only while it is a valid certificate of the criterion course.",
      },
      holderName: { type: "string" },
      course: ref("Course"),
      criterionCourse: { type: "boolean", description: "Whether this is the course of the trained-manager criterion." },
      issuedAt: dateTime,
      expiresAt: nullable(dateTime),
      revokedAt: nullable(dateTime),
      revocationReason: nullable({
        type: "string",
        description: "Why Kontakta revoked it (shown on the public verification page); null unless revoked.",
      }),
    },
  },
  CompletionRecord: {
    type: "object",
    description:
      "A certificate (issued, revoked or expired) or a course whose lessons were all marked done, as of updatedAt. `stage` says which of the four it is; only a record with criterionEvidence true can count towards the criterion (a lessons-only completion never does).",
    required: [
      "id",
      "kind",
      "stage",
      "criterionEvidence",
      "updatedAt",
      "person",
      "organizations",
      "course",
      "completedAt",
      "certificate",
    ],
    additionalProperties: false,
    properties: {
      id: {
        type: "string",
        description: 'Stable record id, e.g. "certificate:ck…" or "course_completion:ck…". De-duplicate by it.',
      },
      kind: {
        type: "string",
        enum: ["certificate", "course_completion"],
        description: "certificate: a certificate record. course_completion: lessons marked done (no certificate).",
      },
      stage: ref("CompletionStage"),
      criterionEvidence: {
        type: "boolean",
        description:
          "true only for a valid (quiz_passed) certificate of the criterion course. Whether it makes a company meet the criterion also depends on the holder being a manager there: ask GET /companies/{orgNumber}/criterion.",
      },
      updatedAt: dateTime,
      person: {
        type: "object",
        required: ["id", "name"],
        additionalProperties: false,
        properties: { id: { type: "string" }, name: nullable({ type: "string" }) },
      },
      organizations: {
        type: "array",
        description: "The person's companies now.",
        items: ref("HolderCompany"),
      },
      course: ref("Course"),
      completedAt: dateTime,
      certificate: nullable({
        type: "object",
        required: ["number", "status", "issuedAt", "expiresAt", "revokedAt", "criterionCourse"],
        additionalProperties: false,
        properties: {
          number: { type: "string" },
          status: ref("CertificateStatus"),
          criterionCourse: { type: "boolean" },
          issuedAt: dateTime,
          expiresAt: nullable(dateTime),
          revokedAt: nullable(dateTime),
        },
      }),
    },
  },
  CompletionList: {
    type: "object",
    required: ["items", "nextCursor", "hasMore"],
    additionalProperties: false,
    properties: {
      items: { type: "array", items: ref("CompletionRecord") },
      nextCursor: nullable({
        type: "string",
        description:
          "Unlike the company list, not null on the last page: it is your position. Pass it unchanged as `cursor` next time (now when hasMore, later to get what changed since). null only when nothing matched and no cursor was given.",
      }),
      hasMore: { type: "boolean" },
    },
  },
  WebhookEventType: { type: "string", enum: [...WEBHOOK_EVENT_TYPES] },
  WebhookSubscription: {
    type: "object",
    required: ["id", "url", "events", "active", "createdAt"],
    additionalProperties: false,
    properties: {
      id: { type: "string" },
      url: { type: "string", format: "uri" },
      events: { type: "array", items: ref("WebhookEventType") },
      active: { type: "boolean" },
      createdAt: dateTime,
    },
  },
  WebhookSubscriptionList: {
    type: "object",
    required: ["items"],
    additionalProperties: false,
    properties: { items: { type: "array", items: ref("WebhookSubscription") } },
  },
  WebhookSubscriptionCreated: {
    type: "object",
    required: ["subscription", "secret"],
    additionalProperties: false,
    properties: {
      subscription: ref("WebhookSubscription"),
      secret: {
        type: "string",
        description: "Signing secret. Shown only in this response: store it now.",
        pattern: "^whsec_[A-Za-z0-9_-]{43}$",
      },
    },
  },
  CreateWebhookSubscription: {
    type: "object",
    required: ["url", "events"],
    additionalProperties: false,
    properties: {
      url: { type: "string", format: "uri", maxLength: 2000, description: "https URL that accepts POST." },
      events: { type: "array", minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, items: ref("WebhookEventType") },
    },
  },
  CertificateEventData: {
    type: "object",
    description:
      "certificate.issued, certificate.revoked and certificate.expired: the certificate as GET /certificates/{number} returns it, and the holder's companies.",
    required: ["certificate", "organizations", "occurredAt"],
    additionalProperties: false,
    properties: {
      certificate: ref("Certificate"),
      organizations: {
        type: "array",
        description: "The holder's companies at the time of the event, with the holder's roles.",
        items: ref("HolderCompany"),
      },
      occurredAt: dateTime,
    },
  },
  CriterionChangedEventData: {
    type: "object",
    description: `Sent once for each change of the training criterion's status between met, expiring and not_met (change: criterion) and each change of the membership standing (change: membership). Both are always given, side by side, as GET /companies/{orgNumber}/criterion shows them (without evidence: fetch it there). Time alone moves a company from met to expiring (cause certificate_expiring, when every qualifying certificate comes within ${EXPIRY_WARNING_DAYS} days of its expiry) and from expiring to not_met (cause certificate_expired); a renewal moves it back to met (cause certificate_issued). Changes that time makes are detected by a job that runs every 15 minutes, so they arrive up to about 15 minutes after the moment itself.`,
    required: ["organization", "change", "cause", "criterion", "membership", "certificate", "occurredAt"],
    additionalProperties: false,
    properties: {
      organization: ref("Organization"),
      change: { type: "string", enum: ["criterion", "membership"], description: "Which side changed." },
      cause: {
        type: "string",
        enum: [...criterionCauses],
        description: `What caused the change. certificate_issued, certificate_revoked, certificate_expired: that certificate (named in certificate). certificate_expiring: time alone; every qualifying certificate now expires within ${EXPIRY_WARNING_DAYS} days (met → expiring). role_changed, member_added, member_removed: a person's roles or membership in the company. membership_changed: Kontakta changed the membership standing.`,
      },
      criterion: {
        type: "object",
        required: ["status", "met", "since", "validUntil"],
        additionalProperties: false,
        properties: criterionStateProperties,
      },
      membership: ref("Membership"),
      certificate: nullable({
        type: "object",
        description:
          "The certificate whose issue, revocation or expiry caused the change (certificate_* causes); for certificate_expiring the qualifying certificate that lasts longest (its expiry is criterion.validUntil). null for the other causes.",
        required: ["number"],
        additionalProperties: false,
        properties: { number: { type: "string", examples: ["KA-7K3M-9QXD-A"] } },
      }),
      occurredAt: dateTime,
    },
  },
};

for (const type of WEBHOOK_EVENT_TYPES) {
  const name = `${type.replace(/(^|\.)(\w)/g, (_, __, c: string) => c.toUpperCase())}Event`;
  schemas[name] = {
    type: "object",
    description: `The body POSTed to your URL for \`${type}\`. Verify KA-Signature before trusting it; de-duplicate by id.`,
    required: ["id", "type", "createdAt", "data"],
    additionalProperties: false,
    properties: {
      id: { type: "string", format: "uuid", description: "The event id (also in the KA-Event-Id header)." },
      type: { const: type },
      createdAt: dateTime,
      data: ref(type === "criterion.changed" ? "CriterionChangedEventData" : "CertificateEventData"),
    },
  };
}

/** Schema name of a webhook event body, e.g. "certificate.issued" → "CertificateIssuedEvent". */
export function webhookEventSchemaName(type: (typeof WEBHOOK_EVENT_TYPES)[number]) {
  return `${type.replace(/(^|\.)(\w)/g, (_, __, c: string) => c.toUpperCase())}Event`;
}

/** An English example message per error code (the server's messages follow Accept-Language). */
const ERROR_EXAMPLES: Partial<Record<(typeof API_ERROR_CODES)[number], string>> = {
  missing_key: 'Send your API key in the Authorization header: "Authorization: Bearer <key>".',
  insufficient_scope: "The API key lacks the scope criteria:read that this endpoint needs.",
  rate_limited: "Too many requests. Try again in 12 seconds.",
  invalid_parameter: 'The query parameter "limit" is not valid. A whole number from 1 to 200.',
  invalid_org_number:
    "This is not a valid Swedish organisation number or Finnish business ID: the check digit does not match.",
  invalid_certificate_number: "This is not a valid certificate number (they look like KA-7K3M-9QXD-A).",
  company_not_found: "No company with this organisation number is registered.",
  certificate_not_found: "No certificate has this number.",
  subscription_not_found: "You have no webhook subscription with this id.",
  invalid_body: "The request body is not valid (events).",
  too_many_subscriptions: "A client can have at most 20 webhook subscriptions.",
  payload_too_large: "The request body is larger than 16384 bytes.",
  unsupported_media_type: "Send the body as JSON, with Content-Type: application/json.",
  invalid_url: "The URL must be an absolute http(s) URL of at most 2000 characters, without a fragment.",
};

/** An error response; `code` is the example's code (the first one the description names). */
const errorResponse = (description: string, code: keyof typeof ERROR_EXAMPLES): OpenAPIV3_1.ResponseObject => ({
  description,
  headers: {
    "Content-Language": {
      schema: { type: "string", enum: ["en", "sv", "fi"] },
      description: "The language of error.message (Accept-Language: en, sv or fi; en by default).",
    },
  },
  content: {
    "application/json": { schema: ref("Error"), example: { error: { code, message: ERROR_EXAMPLES[code] } } },
  },
});

const commonErrors: Record<string, OpenAPIV3_1.ResponseObject> = {
  "401": errorResponse(
    "No key, an unknown key or a revoked key (missing_key, invalid_key, revoked_key).",
    "missing_key",
  ),
  "403": errorResponse("The key lacks the scope this endpoint needs (insufficient_scope).", "insufficient_scope"),
  "429": {
    ...errorResponse("Too many requests (rate_limited). Wait the number of seconds in Retry-After.", "rate_limited"),
    headers: {
      "Retry-After": { schema: { type: "integer", minimum: 1 }, description: "Seconds to wait." },
      "Content-Language": {
        schema: { type: "string", enum: ["en", "sv", "fi"] },
        description: "The language of error.message.",
      },
    },
  },
};

const badRequest = errorResponse(
  "A parameter is not valid (invalid_parameter, unknown_parameter, invalid_cursor, …).",
  "invalid_parameter",
);

const limitParam: OpenAPIV3_1.ParameterObject = {
  name: "limit",
  in: "query",
  required: false,
  description: `Page size, ${PAGE_SIZE.min}–${PAGE_SIZE.max} (default ${PAGE_SIZE.default}).`,
  schema: { type: "integer", minimum: PAGE_SIZE.min, maximum: PAGE_SIZE.max, default: PAGE_SIZE.default },
};

const cursorParam: OpenAPIV3_1.ParameterObject = {
  name: "cursor",
  in: "query",
  required: false,
  description: "A previous response's nextCursor, unchanged (opaque: do not build it).",
  schema: { type: "string", minLength: 1, maxLength: MAX_CURSOR_LENGTH, pattern: "^[A-Za-z0-9_-]+$" },
};

const json = (schemaName: string, description: string, example?: unknown): OpenAPIV3_1.ResponseObject => ({
  description,
  content: { "application/json": { schema: ref(schemaName), ...(example === undefined ? {} : { example }) } },
});

const exampleOrganization = {
  orgNumber: "5566778899",
  displayOrgNumber: "556677-8899",
  country: "SE",
  name: "Kundtjänst Exempel AB",
};
const exampleMembership = {
  status: "member",
  memberSince: "2019-01-01T00:00:00.000Z",
  endedAt: null,
  exclusionDecidedAt: null,
  changedAt: null,
};
const exampleCriterionMet = {
  status: "met",
  met: true,
  since: "2026-03-14T09:12:44.000Z",
  validUntil: "2029-03-14T09:12:44.000Z",
};

/** Examples shown on the docs page; openapi.test.ts checks each one against its schema. */
const examples = {
  companyCriterion: {
    organization: exampleOrganization,
    membership: exampleMembership,
    criterion: {
      ...exampleCriterionMet,
      evidence: [
        {
          certificateNumber: "KA-7K3M-9QXD-A",
          holderName: "Maja Lindqvist",
          course: { slug: "introduktion-for-chefer", contentVersion: "2026.1" },
          issuedAt: "2026-03-14T09:12:44.000Z",
          expiresAt: "2029-03-14T09:12:44.000Z",
        },
      ],
    },
    checkedAt: "2026-11-23T10:00:00.000Z",
  },
  certificate: {
    number: "KA-7K3M-9QXD-A",
    status: "revoked",
    stage: "certificate_revoked",
    criterionEvidence: false,
    holderName: "Maja Lindqvist",
    course: { slug: "introduktion-for-chefer", contentVersion: "2026.1" },
    criterionCourse: true,
    issuedAt: "2026-03-14T09:12:44.000Z",
    expiresAt: "2029-03-14T09:12:44.000Z",
    revokedAt: "2026-06-01T08:00:00.000Z",
    revocationReason: "Issued in error",
  },
  companyList: {
    items: [
      {
        organization: exampleOrganization,
        membership: exampleMembership,
        criterion: { ...exampleCriterionMet, evidenceCount: 1 },
      },
      {
        organization: {
          orgNumber: "1572860-0",
          displayOrgNumber: "1572860-0",
          country: "FI",
          name: "Asiakaspalvelu Esimerkki Oy",
        },
        membership: {
          status: "excluded",
          memberSince: "2018-05-01T00:00:00.000Z",
          endedAt: "2026-10-01T00:00:00.000Z",
          exclusionDecidedAt: "2026-09-15T00:00:00.000Z",
          changedAt: "2026-09-15T10:30:00.000Z",
        },
        criterion: {
          status: "expiring",
          met: true,
          since: "2024-01-10T08:00:00.000Z",
          validUntil: "2027-01-10T08:00:00.000Z",
          evidenceCount: 1,
        },
      },
    ],
    nextCursor: null,
  },
  subscription: {
    id: "cm3k2x9v40002abcd1234efgh",
    url: "https://certifiering.example/kontakta/webhooks",
    events: ["criterion.changed", "certificate.revoked"],
    active: true,
    createdAt: "2026-11-20T14:03:11.123Z",
  },
  completions: {
    items: [
      {
        id: "certificate:cm3k2x9v40000abcd1234efgh",
        kind: "certificate",
        stage: "quiz_passed",
        criterionEvidence: true,
        updatedAt: "2026-11-20T14:03:11.123Z",
        person: { id: "cm3k2x9v40001abcd1234efgh", name: "Maja Lindqvist" },
        organizations: [{ orgNumber: "5566778899", country: "SE", roles: ["manager", "org_admin"] }],
        course: { slug: "introduktion-for-chefer", contentVersion: "2026.1" },
        completedAt: "2026-03-14T09:12:44.000Z",
        certificate: {
          number: "KA-7K3M-9QXD-A",
          status: "valid",
          criterionCourse: true,
          issuedAt: "2026-03-14T09:12:44.000Z",
          expiresAt: "2029-03-14T09:12:44.000Z",
          revokedAt: null,
        },
      },
    ],
    nextCursor:
      "eyJ1IjoiMjAyNi0xMS0yMFQxNDowMzoxMS4xMjNaIiwiaSI6ImNlcnRpZmljYXRlOmNtM2syeDl2NDAwMDBhYmNkMTIzNGVmZ2gifQ",
    hasMore: false,
  },
} as const;

const exampleCertificate = (status: "valid" | "revoked" | "expired") => ({
  number: "KA-7K3M-9QXD-A",
  status,
  stage: status === "valid" ? "quiz_passed" : status === "revoked" ? "certificate_revoked" : "certificate_expired",
  criterionEvidence: status === "valid",
  holderName: "Maja Lindqvist",
  course: { slug: "introduktion-for-chefer", contentVersion: "2026.1" },
  criterionCourse: true,
  issuedAt: "2026-03-14T09:12:44.000Z",
  expiresAt: "2029-03-14T09:12:44.000Z",
  revokedAt: status === "revoked" ? "2026-06-01T08:00:00.000Z" : null,
  revocationReason: status === "revoked" ? "Issued in error" : null,
});

/** One example body per webhook event type (validated against its schema by openapi.test.ts). */
const webhookExamples: Record<(typeof WEBHOOK_EVENT_TYPES)[number], unknown> = {
  "certificate.issued": {
    id: "8f14e45f-ceea-4e7a-9f6b-2d1c0b6a7e01",
    type: "certificate.issued",
    createdAt: "2026-03-14T09:12:45.000Z",
    data: {
      certificate: exampleCertificate("valid"),
      organizations: [{ orgNumber: "5566778899", country: "SE", roles: ["manager", "org_admin"] }],
      occurredAt: "2026-03-14T09:12:44.000Z",
    },
  },
  "certificate.revoked": {
    id: "0c9a2b1e-5f3d-4c8a-8b7e-6d5f4e3c2b1a",
    type: "certificate.revoked",
    createdAt: "2026-06-01T08:00:01.000Z",
    data: {
      certificate: exampleCertificate("revoked"),
      organizations: [{ orgNumber: "5566778899", country: "SE", roles: ["manager", "org_admin"] }],
      occurredAt: "2026-06-01T08:00:00.000Z",
    },
  },
  "certificate.expired": {
    id: "5b7c9d1e-2f3a-4b5c-9d6e-7f8a9b0c1d2e",
    type: "certificate.expired",
    createdAt: "2029-03-14T09:15:00.000Z",
    data: {
      certificate: { ...exampleCertificate("expired"), expiresAt: "2029-03-14T09:12:44.000Z" },
      organizations: [{ orgNumber: "5566778899", country: "SE", roles: ["manager"] }],
      occurredAt: "2029-03-14T09:15:00.000Z",
    },
  },
  "criterion.changed": {
    id: "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
    type: "criterion.changed",
    createdAt: "2026-03-14T09:12:45.000Z",
    data: {
      organization: exampleOrganization,
      change: "criterion",
      cause: "certificate_issued",
      criterion: exampleCriterionMet,
      membership: exampleMembership,
      certificate: { number: "KA-7K3M-9QXD-A" },
      occurredAt: "2026-03-14T09:12:44.000Z",
    },
  },
};

// openapi-types 12 intersects 3.0 and 3.1 operation types in PathItemObject, which no object
// satisfies; the operations are checked against the 3.1 OperationObject here instead.
type Operations = Record<string, Partial<Record<"get" | "post" | "delete", OpenAPIV3_1.OperationObject>>>;

const paths = {
  "/companies/{orgNumber}/criterion": {
    get: {
      operationId: "getCompanyCriterion",
      tags: ["Criterion"],
      summary: "A company's criterion status with its evidence",
      description:
        'Scope `criteria:read`. The organisation number may be written in any common way: "556677-8899", "5566778899", "SE5566778899", "SE556677889901", Finnish "1572860-0" or "FI15728600".',
      parameters: [
        {
          name: "orgNumber",
          in: "path",
          required: true,
          description: "Swedish organisationsnummer or Finnish Y-tunnus, any common formatting.",
          schema: { type: "string", minLength: 1, maxLength: 40 },
        },
      ],
      responses: {
        "200": json(
          "CompanyCriterion",
          "The status, computed now, and the certificates it rests on.",
          examples.companyCriterion,
        ),
        "400": errorResponse("Not a valid organisation number (invalid_org_number).", "invalid_org_number"),
        ...commonErrors,
        "404": errorResponse("No company with this number is registered (company_not_found).", "company_not_found"),
      },
    },
  },
  "/companies": {
    get: {
      operationId: "listCompanies",
      tags: ["Criterion"],
      summary: "Companies by criterion status",
      description: "Scope `criteria:read`. Ordered by name, then id; paginate with nextCursor.",
      parameters: [
        {
          name: "criterion",
          in: "query",
          required: false,
          description: "Only companies with this training-criterion status. expiring ⊂ met.",
          schema: { type: "string", enum: [...CRITERION_FILTERS] },
        },
        {
          name: "membership",
          in: "query",
          required: false,
          description:
            "Only companies with this membership standing. Combine with criterion, e.g. criterion=met&membership=excluded.",
          schema: { type: "string", enum: [...MEMBERSHIP_FILTERS] },
        },
        cursorParam,
        limitParam,
      ],
      responses: {
        "200": json("CompanyList", "One page of companies.", examples.companyList),
        "400": badRequest,
        ...commonErrors,
      },
    },
  },
  "/certificates/{number}": {
    get: {
      operationId: "getCertificate",
      tags: ["Certificates"],
      summary: "One certificate's status",
      description: 'Scope `certificates:read`. Any case, with or without hyphens and the "KA" prefix.',
      parameters: [
        {
          name: "number",
          in: "path",
          required: true,
          description: 'e.g. "KA-7K3M-9QXD-A".',
          schema: { type: "string", minLength: 1, maxLength: 40 },
        },
      ],
      responses: {
        "200": json("Certificate", "The certificate and whether it is valid now.", examples.certificate),
        "400": errorResponse(
          "Not a valid certificate number (invalid_certificate_number).",
          "invalid_certificate_number",
        ),
        ...commonErrors,
        "404": errorResponse("No certificate with this number (certificate_not_found).", "certificate_not_found"),
      },
    },
  },
  "/completions": {
    get: {
      operationId: "listCompletions",
      tags: ["Synchronisation"],
      summary: "Completion records changed since a time",
      description:
        "Scope `completions:read`. Certificates (issued, revoked, expired) and completed courses, ordered by (updatedAt, id). Start with `since` (or nothing, for everything), then keep passing the returned nextCursor: the order is stable, and a record that changes again appears again later with a newer updatedAt. Changes from the last two seconds are held back until they have settled, so a sync never skips a record committed late.",
      parameters: [
        {
          name: "since",
          in: "query",
          required: false,
          description:
            "RFC 3339 date-time with time zone (encode + as %2B), any year; a date before 1970 means from the start. Records with updatedAt ≥ since.",
          schema: { type: "string", format: "date-time", maxLength: 40 },
        },
        cursorParam,
        limitParam,
      ],
      responses: {
        "200": json("CompletionList", "One page of records.", examples.completions),
        "400": badRequest,
        ...commonErrors,
      },
    },
  },
  "/webhooks": {
    get: {
      operationId: "listWebhookSubscriptions",
      tags: ["Webhooks"],
      summary: "Your webhook subscriptions",
      description: "Any scope. Only the calling client's subscriptions.",
      responses: {
        "200": json("WebhookSubscriptionList", "All of them (at most 20).", { items: [examples.subscription] }),
        ...commonErrors,
      },
    },
    post: {
      operationId: "createWebhookSubscription",
      tags: ["Webhooks"],
      summary: "Subscribe a URL to events",
      description:
        "certificate.* events need the scope `certificates:read`, criterion.changed needs `criteria:read`. The response carries the signing secret, once.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: ref("CreateWebhookSubscription"),
            example: {
              url: "https://certifiering.example/kontakta/webhooks",
              events: ["criterion.changed", "certificate.revoked"],
            },
          },
        },
      },
      responses: {
        "201": json("WebhookSubscriptionCreated", "Created.", {
          subscription: examples.subscription,
          secret: "whsec_J8Qm3Zr2Xy5Kp1Vt7Ln4Bc6Hd9Fs0Ga2We8Ru3Ti5Yq",
        }),
        "400": errorResponse("The body is not valid JSON of the right shape (invalid_body).", "invalid_body"),
        ...commonErrors,
        "409": errorResponse(
          "The client already has 20 subscriptions (too_many_subscriptions).",
          "too_many_subscriptions",
        ),
        "413": errorResponse("The body is larger than 16 KB (payload_too_large).", "payload_too_large"),
        "415": errorResponse("Send Content-Type: application/json (unsupported_media_type).", "unsupported_media_type"),
        "422": errorResponse(
          "The URL or the events cannot be used: invalid_url (not http(s), user-info, a fragment, or a loopback, private, link-local, shared (CGNAT), multicast or metadata address), insecure_url, invalid_events (an unknown event name), missing_scope.",
          "invalid_url",
        ),
      },
    },
  },
  "/webhooks/{id}": {
    delete: {
      operationId: "deleteWebhookSubscription",
      tags: ["Webhooks"],
      summary: "Remove a subscription",
      description: "Any scope. Pending deliveries to it are dropped.",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 64 } }],
      responses: {
        "204": { description: "Removed." },
        ...commonErrors,
        "404": errorResponse("No such subscription of yours (subscription_not_found).", "subscription_not_found"),
      },
    },
  },
  "/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      security: [],
      responses: {
        "200": {
          description: "OpenAPI 3.1",
          content: {
            "application/json": {
              schema: { type: "object", required: ["openapi", "info"] },
              example: { openapi: "3.1.0", info: { title: "KontaktAkademin certification API", version: API_VERSION } },
            },
          },
        },
        "429": errorResponse("Too many requests from this address (rate_limited).", "rate_limited"),
      },
    },
  },
} satisfies Operations;

export const openApiDocument: OpenAPIV3_1.Document = {
  openapi: "3.1.0",
  info: {
    title: "KontaktAkademin certification API",
    version: API_VERSION,
    summary:
      "Whether Kontakta's member companies meet the trained-manager criterion, with evidence and change notifications.",
    description:
      'For the certification side of Trygg Kundkontakt and systems that work with it. Authenticate with `Authorization: Bearer <key>`; keys are created by Kontakta\'s administrators and carry scopes. All times are RFC 3339 in UTC. Errors are `{"error":{"code","message"}}` with a stable code.',
    contact: { name: "Kontakta" },
  },
  servers: [{ url: API_BASE_PATH, description: "This server" }],
  security: [{ bearerAuth: [] }],
  tags: [
    { name: "Criterion", description: "The trained-manager criterion of member companies." },
    { name: "Certificates", description: "Certificates issued by KontaktAkademin." },
    { name: "Synchronisation", description: "Everything that changed since a point in time." },
    { name: "Webhooks", description: "Subscriptions to change notifications." },
  ],
  paths: paths as OpenAPIV3_1.PathsObject,
  webhooks: Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(".", "_")}`,
          summary: `${type}`,
          description:
            'POSTed to each subscribed URL. Headers: KA-Event-Id (de-duplicate by it), KA-Event-Type, KA-Delivery-Attempt, and KA-Signature `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Answer 2xx within 10 seconds; anything else is retried with exponential backoff (about 30 s, 1 min, 2 min … up to 6 h apart, 10 attempts).',
          parameters: [
            { name: "KA-Signature", in: "header", required: true, schema: { type: "string" } },
            { name: "KA-Event-Id", in: "header", required: true, schema: { type: "string", format: "uuid" } },
            { name: "KA-Event-Type", in: "header", required: true, schema: { type: "string" } },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref(webhookEventSchemaName(type)), example: webhookExamples[type] },
            },
          },
          responses: { "200": { description: "Any 2xx acknowledges the delivery." } },
        },
      },
    ]),
  ),
  components: {
    schemas,
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        description: `A key "ka_live_<prefix>_<secret>" in production, "ka_test_<prefix>_<secret>" from a development or test installation. Scopes: ${API_SCOPES.join(", ")}.`,
      },
    },
  },
};
