import { describe, expect, it } from "vitest";
import { metaLanguage, pageTitle, titlePhrase } from "./page-title";

const matches = (language?: unknown) =>
  [
    { id: "root", data: language === undefined ? undefined : { language } },
    { id: "routes/login", data: null },
  ] as never;

describe("page titles for meta", () => {
  it("are in the language the root loader chose", () => {
    expect(pageTitle(matches("sv"), "login")).toBe("Logga in · KontaktAkademin");
    expect(pageTitle(matches("en"), "login")).toBe("Sign in · KontaktAkademin");
    expect(pageTitle(matches("fi"), "login")).toBe("Kirjaudu sisään · KontaktAkademin");
    expect(titlePhrase(matches("en"), "admin")).toBe("Kontakta admin");
  });

  it("are in Swedish when the root has no data or an unknown language", () => {
    expect(metaLanguage(matches())).toBe("sv");
    expect(metaLanguage(matches("de"))).toBe("sv");
    expect(pageTitle(matches("de"), "myCompany")).toBe("Mitt företag · KontaktAkademin");
  });
});
