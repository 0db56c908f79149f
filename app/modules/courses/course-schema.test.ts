import { describe, expect, it } from "vitest";
import { contentLanguageOrder } from "./course-schema";

describe("contentLanguageOrder", () => {
  it.each([
    ["fi", ["fi", "en", "sv"]],
    ["en", ["en", "sv"]],
    ["sv", ["sv", "en"]],
    ["de", ["en", "sv"]],
  ])("a %s reader gets %j", (reader, order) => {
    expect(contentLanguageOrder(reader)).toEqual(order);
  });
});
