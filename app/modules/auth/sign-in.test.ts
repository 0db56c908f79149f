import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { overlongFields, safeRedirect, signInSchema } from "./sign-in";

describe("signInSchema", () => {
  it("normalises a valid address", () => {
    expect(signInSchema.parse({ email: "  Anna@Foretag.SE " }).email).toBe("anna@foretag.se");
  });
  it.each(["", "anna", "anna@", "@foretag.se", "a b@c.se", `${"a".repeat(250)}@x.se`])("rejects %j", (email) => {
    const result = signInSchema.safeParse({ email });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("invalidEmail");
  });
});

describe("safeRedirect", () => {
  it("keeps local paths", () => expect(safeRedirect("/courses/x?y=1#a")).toBe("/courses/x?y=1#a"));
  it("percent-encodes what a Location header cannot carry", () =>
    expect(safeRedirect("/sök?q=å")).toBe("/s%C3%B6k?q=%C3%A5"));
  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil",
    "/\t/127.0.0.1:4199/x",
    "/%09/127.0.0.1:4199/x".replace("%09", "\t"),
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/.//evil.example",
    "/x/..//evil.example",
    "\t//evil.example",
    " /x",
    "javascript:alert(1)",
    "",
    null,
    undefined,
  ])("refuses %j", (to) => expect(safeRedirect(to)).toBe("/learning"));

  it("never yields anything but a same-origin path that is a valid header value (property)", () => {
    const pieces = fc.constantFrom(
      "/",
      "//",
      "\\",
      "\t",
      "\n",
      "\r",
      ".",
      "..",
      "%2f",
      "%5c",
      "%09",
      "@",
      ":",
      "?",
      "#",
      "evil.example",
      "127.0.0.1:4199",
      "å",
      "\u2028",
      "\u0000",
      " ",
      "x",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 12 }).map((p) => p.join("")),
        ),
        (to) => {
          const result = safeRedirect(to, "/fallback");
          expect(result.startsWith("/")).toBe(true);
          expect(result.startsWith("//")).toBe(false);
          expect(result).toMatch(/^[\x21-\x7e]*$/);
          for (const base of ["https://akademin.example", "http://localhost:3000"])
            expect(new URL(result, base).origin).toBe(new URL(base).origin);
          expect(() => new Headers({ location: result })).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("overlongFields", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(entries)) data.append(name, value);
    return data;
  };
  it("names the fields longer than the form takes, and fields it does not take at all", () => {
    expect(overlongFields(form({ email: "anna@foretag.se", redirectTo: "/learning" }))).toEqual([]);
    expect(overlongFields(form({ email: "a".repeat(255), redirectTo: "/learning" }))).toEqual(["email"]);
    expect(overlongFields(form({ email: "a".repeat(10_000), redirectTo: `/${"x".repeat(2048)}` }))).toEqual([
      "email",
      "redirectTo",
    ]);
    expect(overlongFields(form({ email: "anna@foretag.se", junk: "x" }))).toEqual(["junk"]);
  });
});
