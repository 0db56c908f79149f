// POST /webhooks/stripe: Stripe's event deliveries. The body is read raw (the signature covers its
// exact bytes) and verified with the official library before anything is read from it; see
// app/modules/billing/webhook.server.ts. 404 while payments are not configured.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/modules/billing/webhook.server";

const MAX_BODY = 512 * 1024;

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  const body = Buffer.from(await request.arrayBuffer());
  if (body.byteLength > MAX_BODY) return Response.json({ received: false, error: "too_large" }, { status: 413 });
  const result = await handleStripeWebhook(body, request.headers.get("stripe-signature"));
  return Response.json(result.body, { status: result.status, headers: { "Cache-Control": "no-store" } });
}
