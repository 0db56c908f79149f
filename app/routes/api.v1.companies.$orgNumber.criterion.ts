// GET /api/v1/companies/{orgNumber}/criterion: a company's criterion status with its evidence.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCompanyCriterion } from "~/modules/api/certification.server";
import { methodNotAllowed, parseQuery, runApi } from "~/modules/api/handler.server";
import { querySchemas } from "~/modules/api/schemas";

const endpoint = { route: "/companies/{orgNumber}/criterion", scope: "criteria:read" } as const;

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url }) => {
    parseQuery(url, querySchemas.getCompanyCriterion);
    return getCompanyCriterion(params.orgNumber ?? "");
  });
}

export const action = methodNotAllowed(endpoint, ["GET"]);
