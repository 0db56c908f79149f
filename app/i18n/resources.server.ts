// Every translation, bundled into the server build.
import { baseI18nOptions, groupResources } from "./config";

const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });

export const resources = groupResources(Object.fromEntries(Object.entries(files).map(([path, mod]) => [path, mod.default])));
export const namespaces = Array.from(new Set(Object.values(resources).flatMap((r) => Object.keys(r))));
export const i18nOptions = { ...baseI18nOptions, ns: namespaces, resources };
