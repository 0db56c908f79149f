// GET /api/v1/openapi.json: the OpenAPI 3.1 document (public, no key needed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed, runApi } from "~/modules/api/handler.server";
import { openApiDocument } from "~/modules/api/openapi";

const endpoint = { route: "/openapi.json", scope: "public" } as const;

export function loader({ request, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async () =>
    apiJson(openApiDocument, {
      headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
    }),
  );
}

export const action = methodNotAllowed(endpoint, ["GET"]);
