import { describe, expect, it } from "vitest";
import { linkedInAddToProfileUrl, yearMonth } from "./share";

const base = {
  name: "Introduktion för chefer i medlemsföretag",
  issuedAt: "2026-03-15T09:30:00.000Z",
  expiresAt: "2029-03-15T09:30:00.000Z",
  certId: "KA-7Q2M-X9HD-4",
  certUrl: "https://akademin.kontakta.se/verify/KA-7Q2M-X9HD-4",
};

describe("linkedInAddToProfileUrl", () => {
  it("fills LinkedIn's add-certification form: name, Kontakta, issue and expiry month, number and verification page", () => {
    const url = new URL(linkedInAddToProfileUrl(base));
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Introduktion för chefer i medlemsföretag",
      organizationName: "Kontakta",
      issueYear: "2026",
      issueMonth: "3",
      expirationYear: "2029",
      expirationMonth: "3",
      certUrl: "https://akademin.kontakta.se/verify/KA-7Q2M-X9HD-4",
      certId: "KA-7Q2M-X9HD-4",
    });
  });

  it("encodes the values, so names with & or # cannot add parameters", () => {
    const url = linkedInAddToProfileUrl({
      ...base,
      name: "Etik & lag #1",
      certUrl: "https://example.se/verify/A?x=1&y=2",
    });
    expect(url).toContain("name=Etik+%26+lag+%231");
    expect(url).toContain("certUrl=https%3A%2F%2Fexample.se%2Fverify%2FA%3Fx%3D1%26y%3D2");
    expect(new URL(url).searchParams.get("name")).toBe("Etik & lag #1");
  });

  it("leaves out the expiry for a certificate that never expires", () => {
    const params = new URL(linkedInAddToProfileUrl({ ...base, expiresAt: null })).searchParams;
    expect(params.has("expirationYear")).toBe(false);
    expect(params.has("expirationMonth")).toBe(false);
    expect(params.get("issueMonth")).toBe("3");
  });

  it("dates the months in Swedish time: issued just after midnight on 1 April is April, not March", () => {
    const params = new URL(
      linkedInAddToProfileUrl({ ...base, issuedAt: "2026-03-31T22:30:00.000Z", expiresAt: "2026-12-31T23:30:00.000Z" }),
    ).searchParams;
    expect([params.get("issueYear"), params.get("issueMonth")]).toEqual(["2026", "4"]);
    expect([params.get("expirationYear"), params.get("expirationMonth")]).toEqual(["2027", "1"]);
  });
});

describe("yearMonth", () => {
  it("takes the month in the given time zone", () => {
    expect(yearMonth("2026-01-31T22:30:00.000Z", "Europe/Helsinki")).toEqual({ year: 2026, month: 2 });
    expect(yearMonth("2026-01-31T22:30:00.000Z", "UTC")).toEqual({ year: 2026, month: 1 });
  });
});
