// The "organizations" namespace has the same keys in Swedish, English and Finnish, and every
// enum value the pages translate (roles, causes, states, errors) has a text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { criterionCauses } from "./criterion.server";
import { orgRoleValues } from "./roles";

type Tree = { [key: string]: string | Tree };
const load = (lng: string) => JSON.parse(readFileSync(`app/locales/${lng}/organizations.json`, "utf8")) as Tree;
const flatten = (tree: Tree, prefix = ""): Record<string, string> =>
  Object.entries(tree).reduce<Record<string, string>>(
    (acc, [k, v]) =>
      typeof v === "string" ? { ...acc, [prefix + k]: v } : { ...acc, ...flatten(v, `${prefix}${k}.`) },
    {},
  );

const sv = flatten(load("sv"));

describe("organizations locale files", () => {
  it.each(["en", "fi"])("%s has exactly the Swedish keys, none empty, same placeholders", (lng) => {
    const other = flatten(load(lng));
    expect(Object.keys(other).sort()).toEqual(Object.keys(sv).sort());
    for (const [key, text] of Object.entries(other)) {
      expect(text.trim(), key).not.toBe("");
      const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(placeholders(text), key).toEqual(placeholders(sv[key]!));
    }
  });

  it("names every role, cause and criterion state", () => {
    for (const role of orgRoleValues) expect(sv[`roles.${role}`]).toBeTruthy();
    for (const cause of criterionCauses) expect(sv[`causes.${cause}`]).toBeTruthy();
    for (const state of ["met", "expiring", "not_met"]) expect(sv[`criterion.state.${state}`]).toBeTruthy();
    for (const e of ["invalid_email", "invalid_role", "name_too_long", "duplicate", "already_member"])
      expect(sv[`invite.rowErrors.${e}`]).toBeTruthy();
    for (const e of ["empty", "format", "checksum", "not_organisation", "country_mismatch", "taken"])
      expect(sv[`form.errors.orgNumber_${e}`]).toBeTruthy();
  });
});
