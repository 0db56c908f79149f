// Any other /api/v1 path: a JSON 404 (not the HTML page), logged like every API call.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { runApi } from "~/modules/api/handler.server";
import { ApiError } from "~/modules/api/errors";

const endpoint = { route: "(unknown)", scope: "public" } as const;

function notFound({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return runApi(request, context, endpoint, async () => {
    throw new ApiError("not_found");
  });
}

export const loader = notFound;
export const action = notFound;
