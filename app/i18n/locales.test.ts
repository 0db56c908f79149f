// Every namespace says the same things in every language: same keys, same {{placeholders}}.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "./config";

const dir = join(process.cwd(), "app/locales");

function flatten(value: unknown, prefix = ""): Record<string, string> {
  if (typeof value === "string") return { [prefix]: value };
  return Object.entries(value as Record<string, unknown>).reduce<Record<string, string>>(
    (acc, [key, inner]) => ({ ...acc, ...flatten(inner, prefix ? `${prefix}.${key}` : key) }),
    {},
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe.each(readdirSync(join(dir, "sv")).filter((f) => f.endsWith(".json")))("locale namespace %s", (file) => {
  const swedish = flatten(JSON.parse(readFileSync(join(dir, "sv", file), "utf8")));
  it.each(supportedLanguages.filter((l) => l !== "sv"))("has the same keys and placeholders in %s", (lng) => {
    const other = flatten(JSON.parse(readFileSync(join(dir, lng, file), "utf8")));
    expect(Object.keys(other).sort()).toEqual(Object.keys(swedish).sort());
    for (const [key, text] of Object.entries(swedish))
      expect(placeholders(other[key]!), `${lng}/${file} ${key}`).toEqual(placeholders(text));
    for (const text of Object.values(other)) expect(text.trim()).not.toBe("");
  });
});
