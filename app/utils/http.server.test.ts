import { describe, expect, it } from "vitest";
import { z } from "zod";
import en from "~/locales/en/common.json";
import fi from "~/locales/fi/common.json";
import sv from "~/locales/sv/common.json";
import { ForbiddenError, InvalidInputError, NotFoundError } from "./domain-errors";
import { canonicalParam, invariantResponse, parseParams, refusalResponse, withDomainErrors } from "./http.server";

const request = (headers: Record<string, string> = {}, url = "http://localhost/x") => new Request(url, { headers });
/** The `lng` cookie as Remix writes it (base64 of the JSON string). */
const lngCookie = (language: string) => `lng=${Buffer.from(JSON.stringify(language)).toString("base64")}`;

async function thrown(run: () => unknown): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("refusalResponse", () => {
  it("answers each refusal with its status and its message in the reader's language", async () => {
    const notFound = refusalResponse(request(), "notFound");
    expect(notFound.status).toBe(404);
    expect(notFound.statusText).toBe("Not Found");
    expect(notFound.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await notFound.text()).toBe(sv.errors.notFound);

    expect(await refusalResponse(request({ "accept-language": "en-GB,en;q=0.8" }), "forbidden").text()).toBe(
      en.errors.forbidden,
    );
    expect(refusalResponse(request(), "forbidden").status).toBe(403);
    // The language cookie wins over the browser's header.
    expect(
      await refusalResponse(request({ "accept-language": "en", cookie: lngCookie("fi") }), "badRequest").text(),
    ).toBe(fi.errors.badRequest);
    expect(refusalResponse(request(), "badRequest").status).toBe(400);
  });

  it("takes a more precise message", async () => {
    expect(await refusalResponse(request({ "accept-language": "en" }), "badRequest", "badCursor").text()).toBe(
      en.errors.badCursor,
    );
  });
});

describe("invariantResponse", () => {
  it("passes a truthy condition and throws a 404 (or the refusal asked for) otherwise", async () => {
    expect(() => invariantResponse("yes", request())).not.toThrow();
    expect((await thrown(() => invariantResponse(null, request()))).status).toBe(404);
    const badRequest = await thrown(() =>
      invariantResponse(0, request({ "accept-language": "en" }), "badRequest", "badCursor"),
    );
    expect(badRequest.status).toBe(400);
    expect(await badRequest.text()).toBe(en.errors.badCursor);
  });
});

describe("withDomainErrors", () => {
  it("maps each domain error to its refusal and lets everything else through", async () => {
    const req = request({ "accept-language": "en" });
    expect(await withDomainErrors(req, async () => 42)).toBe(42);
    expect((await thrown(() => withDomainErrors(req, async () => Promise.reject(new NotFoundError())))).status).toBe(
      404,
    );
    expect((await thrown(() => withDomainErrors(req, async () => Promise.reject(new ForbiddenError())))).status).toBe(
      403,
    );
    const invalid = await thrown(() =>
      withDomainErrors(req, async () => Promise.reject(new InvalidInputError("internal detail", "invalidAnswers"))),
    );
    expect(invalid.status).toBe(400);
    // The reader gets the translated message, never the developer's description.
    expect(await invalid.text()).toBe(en.errors.invalidAnswers);
    const bug = new TypeError("a bug");
    await expect(withDomainErrors(req, async () => Promise.reject(bug))).rejects.toBe(bug);
  });
});

describe("parseParams", () => {
  const schema = z.object({ id: z.string().regex(/^[a-z0-9]+$/) });

  it("returns the parsed parameters, or throws a 404 for malformed ones", async () => {
    expect(parseParams(request(), { id: "abc123", other: "x" }, schema)).toEqual({ id: "abc123" });
    expect((await thrown(() => parseParams(request(), { id: "../etc" }, schema))).status).toBe(404);
    expect((await thrown(() => parseParams(request(), {}, schema))).status).toBe(404);
  });
});

describe("canonicalParam", () => {
  const upper = (value: string) => (/^[a-z]+$/i.test(value) ? value.toUpperCase() : null);

  it("returns the canonical value, redirects a variant to the canonical URL (query kept), 404s the rest", async () => {
    expect(canonicalParam(request({}, "http://localhost/c/ABC"), "ABC", upper)).toBe("ABC");
    const redirect = await thrown(() => canonicalParam(request({}, "http://localhost/c/abc/pdf?x=1"), "abc", upper));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/c/ABC/pdf?x=1");
    expect((await thrown(() => canonicalParam(request({}, "http://localhost/c/1"), "1", upper))).status).toBe(404);
    expect((await thrown(() => canonicalParam(request({}, "http://localhost/c/"), undefined, upper))).status).toBe(404);
  });
});
