// GET /api/v1/companies?criterion=met|not_met|expiring&cursor=&limit=: companies by criterion status.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCompanies } from "~/modules/api/certification.server";
import { methodNotAllowed, parseQuery, runApi } from "~/modules/api/handler.server";
import { querySchemas } from "~/modules/api/schemas";

const endpoint = { route: "/companies", scope: "criteria:read" } as const;

export function loader({ request, context }: LoaderFunctionArgs) {
  return runApi(request, context, endpoint, async ({ url }) =>
    listCompanies(parseQuery(url, querySchemas.listCompanies)),
  );
}

export const action = methodNotAllowed(endpoint, ["GET"]);
