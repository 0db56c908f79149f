// Input schemas of the certification API (zod), one per operation. The OpenAPI document
// (openapi.ts) describes the same parameters from the same constants; openapi.test.ts checks that
// both accept and refuse the same values, so they cannot drift apart.
import { z } from "zod";
import { MAX_CURSOR_LENGTH } from "./cursor";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

export const PAGE_SIZE = { min: 1, max: 200, default: 50 } as const;
export const CRITERION_FILTERS = ["met", "not_met", "expiring"] as const;
export type CriterionFilterParam = (typeof CRITERION_FILTERS)[number];
const limit = z
  .string()
  .regex(/^[0-9]+$/)
  .transform(Number)
  .pipe(z.number().int().min(PAGE_SIZE.min).max(PAGE_SIZE.max))
  .optional();

const cursor = z
  .string()
  .min(1)
  .max(MAX_CURSOR_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional();

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 date-time with a time zone and a real calendar date (any year the format allows, as the OpenAPI document says). */
export function parseDateTime(value: string): Date | null {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , zone, zh, zm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (zone !== "Z" && zone !== "z" && (Number(zh) > 23 || Number(zm) > 59)) return null;
  const date = new Date(value.toUpperCase());
  if (Number.isNaN(date.getTime())) return null;
  return date;
}

const dateTime = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const date = parseDateTime(v);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "not an RFC 3339 date-time" });
      return z.NEVER;
    }
    return date;
  });

export const MEMBERSHIP_FILTERS = ["member", "non_member", "excluded"] as const;
export const listCompaniesQuery = z.object({
  criterion: z.enum(CRITERION_FILTERS).optional(),
  membership: z.enum(MEMBERSHIP_FILTERS).optional(),
  cursor,
  limit,
});
export const listCompletionsQuery = z.object({ since: dateTime.optional(), cursor, limit });
export const noQuery = z.object({});

/** Query schemas by OpenAPI operationId. */
export const querySchemas = {
  getCompanyCriterion: noQuery,
  listCompanies: listCompaniesQuery,
  getCertificate: noQuery,
  listCompletions: listCompletionsQuery,
  listWebhookSubscriptions: noQuery,
  createWebhookSubscription: noQuery,
  deleteWebhookSubscription: noQuery,
  getOpenApiDocument: noQuery,
} as const;

export const createSubscriptionBody = z
  .object({
    url: z.string().min(1).max(2_000),
    // Any strings here: an unknown event name is answered with invalid_events (422), naming the
    // valid ones, as the document says, rather than a generic invalid_body.
    events: z
      .array(z.string().max(100))
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length * 2),
  })
  .strict();
