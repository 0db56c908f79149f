import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_INVITE_ROWS, parseInviteList, parseRole, singleInviteRow, splitCsvLine } from "./invite-list";

const summary = (text: string, role: "agent" | "manager" = "agent") =>
  parseInviteList(text, role).rows.map((r) =>
    r.ok ? `${r.line}:${r.email}:${r.roles.join("+")}:${r.name ?? ""}` : `${r.line}:${r.error}`,
  );

describe("parseInviteList", () => {
  it("reads email,role,name rows with a header in any column order", () => {
    expect(summary("namn;e-post;roll\nAnna Andersson;Anna@Foretag.se;chef\n;bo@foretag.se;")).toEqual([
      "2:anna@foretag.se:manager:Anna Andersson",
      "3:bo@foretag.se:agent:",
    ]);
  });

  it("reads rows without a header, with comma, semicolon or tab", () => {
    expect(summary("a@x.se,manager,Ada\nb@x.se;org_admin\nc@x.se\tagent\tC C")).toEqual([
      "1:a@x.se:manager:Ada",
      "2:b@x.se:org_admin:",
      "3:c@x.se:agent:C C",
    ]);
  });

  it("honours quotes (a comma inside a name)", () => {
    expect(summary('a@x.se,manager,"Anna ""Annie"" Andersson",extra')).toEqual(["1:invalid_name"]);
    expect(summary('a@x.se,manager,"Anna Andersson"')).toEqual(["1:a@x.se:manager:Anna Andersson"]);
    expect(splitCsvLine('"x ""y"" z",b', ",")).toEqual(['x "y" z', "b"]);
  });

  it("reads a pasted address list from a mail program", () => {
    expect(summary('Anna Andersson <anna@x.se>; bo@x.se; "Cecilia C" <c@x.se>', "manager")).toEqual([
      "1:anna@x.se:manager:Anna Andersson",
      "1:bo@x.se:manager:",
      "1:c@x.se:manager:Cecilia C",
    ]);
  });

  it("says per row what is wrong", () => {
    expect(summary("nope\na@x.se,boss\na@x.se\nA@X.SE,agent\n" + `b@x.se,agent,${"n".repeat(121)}`)).toEqual([
      "1:invalid_email",
      "2:invalid_role",
      "3:a@x.se:agent:",
      "4:duplicate",
      "5:name_too_long",
    ]);
  });

  it("holds invited names to the certificate-name rule (they become the holder's name)", () => {
    for (const name of [
      "<img src=x onerror=alert(1)>",
      "=\"=cmd|' /C calc'!A0",
      "Anna\u202eAndersson",
      "Anna\u0000A",
      "X",
    ]) {
      expect(summary(`a@x.se,agent,"${name.replace(/"/g, '""')}"`), name).toEqual(["1:invalid_name"]);
    }
    expect(summary("a@x.se,agent,A\u030asa  Öberg")).toEqual(["1:a@x.se:agent:Åsa Öberg"]);
  });

  it("skips blank lines and comments, keeps real line numbers (CRLF too)", () => {
    expect(summary("# staff\r\n\r\na@x.se\r\n\r\nb@x.se")).toEqual(["3:a@x.se:agent:", "5:b@x.se:agent:"]);
  });

  it(`reads at most ${MAX_INVITE_ROWS} rows and says where it stopped`, () => {
    const text = Array.from({ length: MAX_INVITE_ROWS + 3 }, (_, i) => `p${i}@x.se`).join("\n");
    const { rows, unreadFromLine } = parseInviteList(text, "agent");
    expect(rows).toHaveLength(MAX_INVITE_ROWS);
    expect(unreadFromLine).toBe(MAX_INVITE_ROWS + 1);
    expect(parseInviteList("a@x.se", "agent").unreadFromLine).toBeNull();
  });

  it("understands role words in Swedish, English and Finnish", () => {
    expect(
      ["Chef", "manager", "esihenkilö", "Säljare", "agent", "myyjä", "Admin", "org_admin", "pääkäyttäjä"].map(
        parseRole,
      ),
    ).toEqual(["manager", "manager", "manager", "agent", "agent", "agent", "org_admin", "org_admin", "org_admin"]);
    expect(parseRole("vd")).toBeNull();
  });

  it("never throws, and every valid row has a lower-case address that is unique in the list", () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 400,
          unit: fc.constantFrom("a", "b", "@", ".", "x", "s", "e", ",", ";", "\t", "\n", '"', " ", "<", ">", "m", "n"),
        }),
        (text) => {
          const { rows } = parseInviteList(text, "agent");
          const valid = rows.filter((r) => r.ok);
          const emails = valid.map((r) => (r.ok ? r.email : ""));
          expect(new Set(emails).size).toBe(emails.length);
          for (const e of emails) expect(e).toBe(e.toLowerCase());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("several roles in the role column", () => {
  it("reads roles joined by + or |, in any language, and refuses an unknown part", () => {
    expect(summary("a@x.se;admin+chef;Anna\nb@x.se;org_admin|manager\nc@x.se;chef+vd")).toEqual([
      "1:a@x.se:manager+org_admin:Anna",
      "2:b@x.se:manager+org_admin:",
      "3:invalid_role",
    ]);
    expect(parseInviteList("d@x.se", ["org_admin", "manager"]).rows).toMatchObject([
      { ok: true, roles: ["manager", "org_admin"] },
    ]);
  });
});

describe("singleInviteRow", () => {
  it("validates like a list row", () => {
    expect(singleInviteRow({ email: " Ny@Foretag.SE ", roles: ["manager"], name: "  Nils   Ny " })).toEqual({
      line: 1,
      raw: " Ny@Foretag.SE ",
      ok: true,
      email: "ny@foretag.se",
      roles: ["manager"],
      name: "Nils Ny",
    });
    expect(singleInviteRow({ email: "x", roles: ["agent"] })).toMatchObject({ ok: false, error: "invalid_email" });
    expect(singleInviteRow({ email: "a@x.se", roles: ["agent"], name: "<b>Bo</b>" })).toMatchObject({
      ok: false,
      error: "invalid_name",
    });
    // Several roles, in canonical order; none at all is not an invitation.
    expect(singleInviteRow({ email: "a@x.se", roles: ["org_admin", "manager", "org_admin"] })).toMatchObject({
      ok: true,
      roles: ["manager", "org_admin"],
    });
    expect(singleInviteRow({ email: "a@x.se", roles: [] })).toMatchObject({ ok: false, error: "invalid_role" });
  });
});
