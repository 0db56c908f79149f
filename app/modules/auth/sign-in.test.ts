import { describe, expect, it } from "vitest";
import { safeRedirect, signInSchema } from "./sign-in";

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
  it("keeps local paths", () => expect(safeRedirect("/courses/x?y=1")).toBe("/courses/x?y=1"));
  it.each(["https://evil.example", "//evil.example", "/\\evil", "", null])("refuses %j", (to) => expect(safeRedirect(to)).toBe("/learning"));
});
