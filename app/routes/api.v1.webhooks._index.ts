// GET /api/v1/webhooks: the calling client's subscriptions. POST: subscribe a URL to events.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError } from "~/modules/api/errors";
import { allowHeader, apiJson, parseJsonBody, parseQuery, runApi } from "~/modules/api/handler.server";
import { createSubscriptionBody, querySchemas } from "~/modules/api/schemas";
import { createSubscription, listSubscriptions, WebhookInputError } from "~/modules/api/webhooks.server";

const endpoint = { route: "/webhooks", scope: "any", allow: ["GET", "POST"] } as const;

export function loader({ request, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url, client }) => {
    parseQuery(url, querySchemas.listWebhookSubscriptions);
    return { items: await listSubscriptions(client!.id) };
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url, client }) => {
    if (request.method !== "POST")
      throw new ApiError(
        "method_not_allowed",
        { method: request.method, allow: allowHeader(["GET", "POST"]) },
        { Allow: allowHeader(["GET", "POST"]) },
      );
    parseQuery(url, querySchemas.createWebhookSubscription);
    const body = await parseJsonBody(request, createSubscriptionBody);
    try {
      const created = await createSubscription({ apiClientId: client!.id, url: body.url, events: body.events });
      return apiJson(created, { status: 201, headers: { Location: `/api/v1/webhooks/${created.subscription.id}` } });
    } catch (error) {
      if (error instanceof WebhookInputError) throw new ApiError(error.code);
      throw error;
    }
  });
}
