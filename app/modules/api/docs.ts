// Turns the OpenAPI document into what the docs page (/api/docs) renders: endpoints with their
// parameters and responses, schemas as property tables, and the webhook events. The page shows
// only what this function reads from the document, so the docs cannot disagree with it.
import type { OpenAPIV3_1 } from "openapi-types";
import { openApiDocument } from "./openapi";

export type TypeExpr =
  | { kind: "ref"; name: string }
  | { kind: "text"; text: string }
  | { kind: "array"; of: TypeExpr }
  | { kind: "union"; of: TypeExpr[] };

export type DocProperty = { name: string; type: TypeExpr; required: boolean; description: string | null };
export type DocSchema = { name: string; description: string | null; type: TypeExpr | null; properties: DocProperty[] };
export type DocParameter = { name: string; in: string; required: boolean; type: TypeExpr; description: string | null };
export type DocResponse = { status: string; description: string; schema: TypeExpr | null; example: string | null };
export type DocOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  tag: string | null;
  parameters: DocParameter[];
  requestBody: TypeExpr | null;
  responses: DocResponse[];
  public: boolean;
};
export type ApiDocs = {
  title: string;
  version: string;
  description: string;
  basePath: string;
  operations: DocOperation[];
  webhooks: DocOperation[];
  schemas: DocSchema[];
};

type AnySchema = OpenAPIV3_1.SchemaObject | OpenAPIV3_1.ReferenceObject;

export function typeOf(schema: AnySchema | undefined): TypeExpr {
  if (!schema) return { kind: "text", text: "any" };
  if ("$ref" in schema && schema.$ref) return { kind: "ref", name: schema.$ref.split("/").pop()! };
  const s = schema as OpenAPIV3_1.SchemaObject & { const?: unknown };
  if (s.oneOf) return { kind: "union", of: s.oneOf.map((o) => typeOf(o as AnySchema)) };
  if (s.const !== undefined) return { kind: "text", text: JSON.stringify(s.const) };
  if (s.enum) return { kind: "text", text: s.enum.map((v) => JSON.stringify(v)).join(" | ") };
  if (s.type === "array") return { kind: "array", of: typeOf((s as OpenAPIV3_1.ArraySchemaObject).items as AnySchema) };
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  const details: string[] = [];
  if (s.format) details.push(s.format);
  if (s.minimum !== undefined || s.maximum !== undefined) details.push(`${s.minimum ?? ""}–${s.maximum ?? ""}`);
  if (s.maxLength !== undefined) details.push(`≤ ${s.maxLength} chars`);
  return { kind: "text", text: details.length ? `${base} (${details.join(", ")})` : String(base) };
}

function describeOperation(
  method: string,
  path: string,
  op: OpenAPIV3_1.OperationObject,
  isPublic: boolean,
): DocOperation {
  const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  return {
    id: op.operationId ?? `${method}-${path}`,
    method: method.toUpperCase(),
    path,
    summary: op.summary ?? "",
    description: op.description ?? null,
    tag: op.tags?.[0] ?? null,
    public: isPublic,
    parameters: ((op.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).map((p) => ({
      name: p.name,
      in: p.in,
      required: Boolean(p.required),
      type: typeOf(p.schema as AnySchema),
      description: p.description ?? null,
    })),
    requestBody: body?.content?.["application/json"]?.schema
      ? typeOf(body.content["application/json"].schema as AnySchema)
      : null,
    responses: Object.entries(op.responses ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, r]) => {
        const response = r as OpenAPIV3_1.ResponseObject;
        const media = response.content?.["application/json"];
        const schema = media?.schema as AnySchema | undefined;
        const example = media?.example === undefined ? null : JSON.stringify(media.example, null, 2);
        return { status, description: response.description, schema: schema ? typeOf(schema) : null, example };
      }),
  };
}

export function buildApiDocs(doc: OpenAPIV3_1.Document = openApiDocument): ApiDocs {
  const operations: DocOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "delete"] as const) {
      const op = (item as Record<string, OpenAPIV3_1.OperationObject | undefined>)[method];
      if (op)
        operations.push(describeOperation(method, path, op, Array.isArray(op.security) && op.security.length === 0));
    }
  }
  const webhooks: DocOperation[] = Object.entries(doc.webhooks ?? {}).map(([name, item]) =>
    describeOperation("post", name, (item as { post: OpenAPIV3_1.OperationObject }).post, true),
  );
  const schemas: DocSchema[] = Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => {
    const s = schema as OpenAPIV3_1.SchemaObject;
    const required = new Set(s.required ?? []);
    return {
      name,
      description: s.description ?? null,
      type: s.type === "object" ? null : typeOf(s),
      properties: Object.entries(s.properties ?? {}).map(([prop, value]) => ({
        name: prop,
        type: typeOf(value as AnySchema),
        required: required.has(prop),
        description: (value as OpenAPIV3_1.SchemaObject).description ?? null,
      })),
    };
  });
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description ?? "",
    basePath: doc.servers?.[0]?.url ?? "",
    operations,
    webhooks,
    schemas,
  };
}
