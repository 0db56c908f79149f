import { describe, expect, it } from "vitest";
import { edgeRefusalText, isCrossSiteStateChange } from "./edge-guards.server";

const base = {
  method: "POST",
  path: "/logout",
  origin: undefined,
  secFetchSite: undefined,
  allowedOrigins: ["https://akademin.example"],
};

describe("isCrossSiteStateChange", () => {
  it("lets same-origin posts and every GET through", () => {
    expect(isCrossSiteStateChange({ ...base, origin: "https://akademin.example" })).toBe(false);
    expect(isCrossSiteStateChange({ ...base, secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteStateChange({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
    expect(isCrossSiteStateChange(base)).toBe(false); // no Origin, no Sec-Fetch-Site: not a browser
  });
  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another port", { origin: "https://akademin.example:8443" }],
    ["another scheme", { origin: "http://akademin.example" }],
    ["an opaque origin", { origin: "null" }],
    ["a malformed origin", { origin: "::" }],
    ["a cross-site fetch without Origin", { secFetchSite: "cross-site" }],
    ["a sibling subdomain", { secFetchSite: "same-site" }],
  ])("refuses %s", (_, extra) => {
    for (const path of ["/logout", "/set-language", "/profile", "/team/x/invite"]) {
      for (const method of ["POST", "DELETE", "put"])
        expect(isCrossSiteStateChange({ ...base, ...extra, path, method })).toBe(true);
    }
  });
  it("leaves the API (API keys, no cookies) and the OIDC callback to their own checks", () => {
    expect(isCrossSiteStateChange({ ...base, path: "/api/v1/webhooks", origin: "https://evil.example" })).toBe(false);
    expect(
      isCrossSiteStateChange({
        ...base,
        path: "/auth/callback/microsoft-entra-id",
        origin: "https://login.microsoftonline.com",
      }),
    ).toBe(false);
    expect(isCrossSiteStateChange({ ...base, path: "/api/v1x", origin: "https://evil.example" })).toBe(true);
  });
});

describe("edgeRefusalText", () => {
  it("speaks the reader's language: the lng cookie, then Accept-Language, then Swedish", () => {
    expect(edgeRefusalText("crossSite", { acceptLanguage: "fi-FI,fi;q=0.9" })).toMatch(/toiselta sivustolta/);
    expect(edgeRefusalText("crossSite", { acceptLanguage: "de-DE, en-GB;q=0.8, sv;q=0.5" })).toMatch(/another website/);
    expect(edgeRefusalText("crossSite", { acceptLanguage: "fi;q=0, en;q=0.1" })).toMatch(/another website/);
    const fiCookie = `lng=${encodeURIComponent(Buffer.from(JSON.stringify("fi")).toString("base64"))}`;
    expect(edgeRefusalText("tooLarge", { cookie: fiCookie, acceptLanguage: "en" })).toMatch(/liian suuri/);
    expect(edgeRefusalText("tooLarge", { cookie: "lng=100%", acceptLanguage: "x" })).toMatch(/för stort/);
    expect(edgeRefusalText("tooLarge", {})).toMatch(/för stort/);
  });
});
