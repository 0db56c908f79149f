// Kontakta admins' actions on API clients and webhooks (/admin/api…): form data in, zod-checked,
// a result the page can show. Routes call these after requireRole(request, "admin").
import { z } from "zod";
import { createApiClient, revokeApiClient } from "./clients.server";
import { API_SCOPES } from "./scopes";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";
import {
  createSubscription,
  deleteSubscription,
  redeliver,
  rotateSubscriptionSecret,
  setSubscriptionActive,
  WebhookInputError,
} from "./webhooks.server";

export type AdminActionResult =
  | { ok: true; message: "clientCreated"; clientId: string; clientName: string; key: string }
  | { ok: true; message: "subscriptionCreated" | "secretRotated"; secret: string; url: string }
  | { ok: true; message: "revoked" | "paused" | "resumed" | "deleted" | "redelivered" }
  | { ok: false; error: string };

const id = z.string().min(1).max(64);

const createClientForm = z.object({
  intent: z.literal("create-client"),
  name: z.string().trim().min(1, "name").max(100, "name"),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "scopes"),
});

export async function handleClientsAction(formData: FormData, adminId: string): Promise<AdminActionResult> {
  const parsed = createClientForm.safeParse({
    intent: formData.get("intent"),
    name: formData.get("name") ?? "",
    scopes: formData.getAll("scopes"),
  });
  if (!parsed.success)
    return {
      ok: false,
      error:
        parsed.error.issues[0]?.message === "name"
          ? "name"
          : parsed.error.issues[0]?.path[0] === "scopes"
            ? "scopes"
            : "invalid",
    };
  const { client, key } = await createApiClient({
    name: parsed.data.name,
    scopes: parsed.data.scopes,
    createdById: adminId,
  });
  return { ok: true, message: "clientCreated", clientId: client.id, clientName: client.name, key };
}

const clientForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke") }),
  z.object({
    intent: z.literal("create-subscription"),
    url: z.string().max(2_100),
    events: z.array(z.string().max(40)).max(10),
  }),
  z.object({ intent: z.literal("pause"), subscriptionId: id }),
  z.object({ intent: z.literal("resume"), subscriptionId: id }),
  z.object({ intent: z.literal("rotate-secret"), subscriptionId: id }),
  z.object({ intent: z.literal("delete-subscription"), subscriptionId: id }),
  z.object({ intent: z.literal("redeliver"), deliveryId: id }),
]);

export async function handleClientAction(formData: FormData, clientId: string): Promise<AdminActionResult> {
  const parsed = clientForm.safeParse({
    intent: formData.get("intent"),
    url: formData.get("url") ?? undefined,
    events: formData.getAll("events"),
    subscriptionId: formData.get("subscriptionId") ?? undefined,
    deliveryId: formData.get("deliveryId") ?? undefined,
  });
  if (!parsed.success) return { ok: false, error: "invalid" };
  const input = parsed.data;
  switch (input.intent) {
    case "revoke":
      return (await revokeApiClient(clientId)) ? { ok: true, message: "revoked" } : { ok: false, error: "notFound" };
    case "create-subscription": {
      try {
        const events = input.events.filter((e) => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
        if (events.length !== input.events.length) return { ok: false, error: "invalid_events" };
        const { subscription, secret } = await createSubscription({ apiClientId: clientId, url: input.url, events });
        return { ok: true, message: "subscriptionCreated", secret, url: subscription.url };
      } catch (error) {
        if (error instanceof WebhookInputError) return { ok: false, error: error.code };
        throw error;
      }
    }
    case "pause":
    case "resume":
      return (await setSubscriptionActive(clientId, input.subscriptionId, input.intent === "resume"))
        ? { ok: true, message: input.intent === "resume" ? "resumed" : "paused" }
        : { ok: false, error: "notFound" };
    case "rotate-secret": {
      const secret = await rotateSubscriptionSecret(clientId, input.subscriptionId);
      return secret ? { ok: true, message: "secretRotated", secret, url: "" } : { ok: false, error: "notFound" };
    }
    case "delete-subscription":
      return (await deleteSubscription(clientId, input.subscriptionId))
        ? { ok: true, message: "deleted" }
        : { ok: false, error: "notFound" };
    case "redeliver":
      return (await redeliver(clientId, input.deliveryId))
        ? { ok: true, message: "redelivered" }
        : { ok: false, error: "notFound" };
  }
}

/** Page size and cursor from the query string of an admin list; bad values fall back to the first page. */
export function pageParams(url: URL, cursorParam = "cursor") {
  const raw = url.searchParams.get(cursorParam);
  return { cursor: raw && raw.length <= 512 ? raw : null, limit: 25 };
}
