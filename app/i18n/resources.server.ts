// Every translation, bundled into the server build. Outside Vite (a tsx script such as the e2e
// specs' job runners) import.meta.glob does not exist: the same files are then read from disk.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { baseI18nOptions, groupResources } from "./config";

function readLocaleFiles(): Record<string, { default: Record<string, unknown> }> {
  const root = resolve("app/locales");
  const files: Record<string, { default: Record<string, unknown> }> = {};
  for (const language of readdirSync(root)) {
    for (const name of readdirSync(join(root, language)).filter((f) => f.endsWith(".json"))) {
      files[`../locales/${language}/${name}`] = {
        default: JSON.parse(readFileSync(join(root, language, name), "utf8")) as Record<string, unknown>,
      };
    }
  }
  return files;
}

let files: Record<string, { default: Record<string, unknown> }>;
try {
  files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });
} catch {
  files = readLocaleFiles();
}

export const resources = groupResources(
  Object.fromEntries(Object.entries(files).map(([path, mod]) => [path, mod.default])),
);
export const namespaces = Array.from(new Set(Object.values(resources).flatMap((r) => Object.keys(r))));
export const i18nOptions = { ...baseI18nOptions, ns: namespaces, resources };
