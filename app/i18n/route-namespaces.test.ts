import { describe, expect, it } from "vitest";
import { pageNamespaces } from "./route-namespaces";

const all = ["api", "common", "courses", "quiz"];

describe("pageNamespaces", () => {
  it("is common and what the matched routes declare", () => {
    const modules = { root: { handle: { i18n: ["common"] } }, "routes/lesson": { handle: { i18n: ["courses"] } } };
    expect(pageNamespaces(modules, all)).toEqual(["common", "courses"]);
  });

  it("is every namespace when a matched route declares none", () => {
    const modules = { root: { handle: { i18n: ["common"] } }, "routes/team": {} };
    expect(pageNamespaces(modules, all)).toEqual(all);
    expect(pageNamespaces({ root: { handle: { title: "x" } } }, all)).toEqual(all);
    expect(pageNamespaces(undefined, all)).toEqual(all);
  });

  it("ignores a namespace that does not exist", () => {
    expect(pageNamespaces({ root: { handle: { i18n: ["common", "kurser"] } } }, all)).toEqual(["common"]);
  });
});
