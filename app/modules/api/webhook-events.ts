// The webhook event types API clients can subscribe to, and the scope each one needs:
// certificate events need certificates:read, criterion events need criteria:read.
import type { ApiScope } from "./scopes";

export const WEBHOOK_EVENT_TYPES = [
  "certificate.issued",
  "certificate.revoked",
  "certificate.expired",
  "criterion.changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const EVENT_SCOPE: Record<WebhookEventType, ApiScope> = {
  "certificate.issued": "certificates:read",
  "certificate.revoked": "certificates:read",
  "certificate.expired": "certificates:read",
  "criterion.changed": "criteria:read",
};

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
