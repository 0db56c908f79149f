import { describe, expect, it } from "vitest";
import { profileSchema } from "./profile";

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
  ])("rejects %j with %s", (name, message) => {
    const result = profileSchema.safeParse({ name });
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});
