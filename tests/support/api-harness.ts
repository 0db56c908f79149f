// Calls the /api/v1 route modules the way Remix does (path matching, param decoding, loader for
// GET/HEAD, action otherwise) through @remix-run/router's static handler, without a build.
// Also: fixtures for companies, people and certificates, and an ajv validator for the OpenAPI
// document's response schemas.
import { createStaticHandler, type AgnosticDataRouteObject } from "@remix-run/router";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { createApiClient } from "~/modules/api/clients.server";
import { openApiDocument } from "~/modules/api/openapi";
import type { ApiScope } from "~/modules/api/scopes";
import * as companiesList from "~/routes/api.v1.companies._index";
import * as companyCriterion from "~/routes/api.v1.companies.$orgNumber.criterion";
import * as certificate from "~/routes/api.v1.certificates.$number";
import * as completions from "~/routes/api.v1.completions";
import * as openapi from "~/routes/api.v1.openapi[.]json";
import * as splat from "~/routes/api.v1.$";
import * as webhooks from "~/routes/api.v1.webhooks._index";
import * as webhook from "~/routes/api.v1.webhooks.$id";

type RouteModule = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
const modules: Array<[string, RouteModule]> = [
  ["api/v1/companies/:orgNumber/criterion", companyCriterion],
  ["api/v1/companies", companiesList],
  ["api/v1/certificates/:number", certificate],
  ["api/v1/completions", completions],
  ["api/v1/openapi.json", openapi],
  ["api/v1/webhooks", webhooks],
  ["api/v1/webhooks/:id", webhook],
  ["api/v1/*", splat],
];

const routes: AgnosticDataRouteObject[] = modules.map(([path, mod]) => ({
  id: path,
  path,
  loader: mod.loader as AgnosticDataRouteObject["loader"],
  action: mod.action as AgnosticDataRouteObject["action"],
}));
const handler = createStaticHandler(routes);

export const BASE = "http://localhost/api/v1";

export type CallOptions = {
  key?: string | null;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  clientIp?: string;
};

/** One API call; `path` is relative to /api/v1 and may carry a query string. */
export async function callApi(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  const request = new Request(`${BASE}${path}`, { method: options.method ?? "GET", headers, body: options.body });
  try {
    const result = await handler.queryRoute(request, { requestContext: { clientIp: options.clientIp ?? "127.0.0.1" } });
    if (!(result instanceof Response)) throw new Error("API routes must return a Response");
    return result;
  } catch (thrown) {
    // The router throws for paths no route matches (never for ours: the splat route catches them).
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function callJson(path: string, options: CallOptions = {}) {
  const response = await callApi(path, options);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function newClient(scopes: ApiScope[], name = "Test client") {
  return createApiClient({ name, scopes, createdById: null });
}

// ---------------------------------------------------------------- OpenAPI validation

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "openapi", components: openApiDocument.components } as object);

/** Validates a value against a component schema, e.g. "CompanyCriterion"; returns ajv's errors. */
export function schemaErrors(schemaName: string, value: unknown): string | null {
  const validate = ajv.getSchema(`openapi#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`No schema ${schemaName}`);
  return validate(value) ? null : ajv.errorsText(validate.errors);
}

type Op = { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };

/** The response schema name the document declares for (path template, method, status). */
export function declaredSchema(pathTemplate: string, method: string, status: number): string | null | undefined {
  const item = (openApiDocument.paths as Record<string, Record<string, Op>>)[pathTemplate];
  const op = item?.[method.toLowerCase()];
  const response = op?.responses?.[String(status)];
  if (!response) return undefined; // status not documented at all
  const ref = response.content?.["application/json"]?.schema?.$ref;
  return ref ? ref.replace("#/components/schemas/", "") : null;
}

/** Asserts-style helper: the response's status is documented and its body matches the schema. */
export function conformsToDocument(pathTemplate: string, method: string, status: number, body: unknown): string | null {
  const schema = declaredSchema(pathTemplate, method, status);
  if (schema === undefined) return `status ${status} is not documented for ${method} ${pathTemplate}`;
  if (schema === null) return null;
  return schemaErrors(schema, body);
}

// ---------------------------------------------------------------- fixtures

export {
  CRITERION_COURSE,
  createCompany,
  createPerson,
  finnishOrgNumber,
  issueCertificate,
  revokeCertificate,
  swedishOrgNumber,
} from "./domain-fixtures";
