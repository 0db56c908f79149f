// GET /api/v1/certificates/{number}: one certificate's status.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCertificate } from "~/modules/api/certification.server";
import { methodNotAllowed, parseQuery, runApi } from "~/modules/api/handler.server";
import { querySchemas } from "~/modules/api/schemas";

const endpoint = { route: "/certificates/{number}", scope: "certificates:read" } as const;

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url }) => {
    parseQuery(url, querySchemas.getCertificate);
    return getCertificate(params.number ?? "");
  });
}

export const action = methodNotAllowed(endpoint, ["GET"]);
