import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isValidPersonName, normalizePersonName, profileSchema } from "./profile";

describe("profileSchema", () => {
  it("accepts and trims a real name", () => {
    expect(profileSchema.parse({ name: "  Åsa Öberg-Ljung " }).name).toBe("Åsa Öberg-Ljung");
  });
  it.each([
    ["", "nameTooShort"],
    ["A", "nameTooShort"],
    ["x".repeat(101), "nameTooLong"],
    ["anna@example.com", "nameInvalid"],
    ["<script>", "nameInvalid"],
    ["<img src=x onerror=alert(1)>", "nameInvalid"],
    ['="=cmd|' + "' /C calc'!A0", "nameInvalid"],
    ["+46 70 123", "nameInvalid"],
    ["Anna\u202eAndersson", "nameInvalid"],
    ["Anna\u200fAndersson", "nameInvalid"],
    ["Anna\u0000Andersson", "nameInvalid"],
    ["Anna Andersson 2", "nameInvalid"],
    ["Anna -- Andersson", "nameInvalid"],
    ["-Anna", "nameInvalid"],
    ["..", "nameInvalid"],
  ])("rejects %j with %s", (name, message) => {
    const result = profileSchema.safeParse({ name });
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("the person-name rule", () => {
  it.each([
    "Åsa Öberg-Ljung",
    "O'Brien",
    "O’Brien",
    "J. R. R. Tolkien",
    "Jr.",
    "Zoë Saldaña",
    "Nguyễn Văn An",
    "Мария Иванова",
    "محمد علي",
    "李小龍",
    "Päivi Ä",
  ])("accepts %j", (name) => {
    expect(profileSchema.safeParse({ name }).success).toBe(true);
  });
  it("folds line breaks and runs of spaces, and normalises to NFC", () => {
    expect(profileSchema.parse({ name: "  Anna\r\n  Andersson " }).name).toBe("Anna Andersson");
    expect(profileSchema.parse({ name: "A\u030asa" }).name).toBe("Åsa");
    expect(normalizePersonName("A\u030asa")).toBe("\u00c5sa");
  });
  it("whatever it accepts is printable as it is: letters, marks, single separators, NFC (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (raw) => {
        const result = profileSchema.safeParse({ name: raw });
        if (!result.success) return;
        const name = result.data.name;
        expect(isValidPersonName(name)).toBe(true);
        expect(name).toBe(name.normalize("NFC"));
        expect(name).not.toMatch(/[\p{Cc}\p{Cf}\p{N}<>=@"\\]/u);
      }),
      { numRuns: 3000 },
    );
  });
});
