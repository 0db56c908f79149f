// DELETE /api/v1/webhooks/{id}: removes one of the calling client's subscriptions.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiError } from "~/modules/api/errors";
import { allowHeader, parseQuery, runApi } from "~/modules/api/handler.server";
import { querySchemas } from "~/modules/api/schemas";
import { deleteSubscription } from "~/modules/api/webhooks.server";

const endpoint = { route: "/webhooks/{id}", scope: "any", allow: ["DELETE"] } as const;
const allow = { Allow: allowHeader(["DELETE"]) };

export function loader({ request, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async () => {
    throw new ApiError("method_not_allowed", { method: request.method, allow: "DELETE" }, allow);
  });
}

export function action({ request, params, context }: ActionFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url, client }) => {
    if (request.method !== "DELETE")
      throw new ApiError("method_not_allowed", { method: request.method, allow: "DELETE" }, allow);
    parseQuery(url, querySchemas.deleteWebhookSubscription);
    const id = params.id ?? "";
    if (id.length > 64 || !(await deleteSubscription(client!.id, id))) throw new ApiError("subscription_not_found");
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  });
}
