// GET /api/v1/completions?since=&cursor=&limit=: completion records changed since a time.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCompletions } from "~/modules/api/certification.server";
import { methodNotAllowed, parseQuery, runApi } from "~/modules/api/handler.server";
import { querySchemas } from "~/modules/api/schemas";

const endpoint = { route: "/completions", scope: "completions:read" } as const;

export function loader({ request, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url }) =>
    listCompletions(parseQuery(url, querySchemas.listCompletions)),
  );
}

export const action = methodNotAllowed(endpoint, ["GET"]);
