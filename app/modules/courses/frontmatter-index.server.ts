// Lesson front matter as the build read it, so a start does not parse YAML again. The build's
// lesson step (scripts/prebuild.ts) writes one file beside the compiled lessons mapping each
// lesson's compile key (a hash of its exact source) to gray-matter's data for it. A start looks a
// lesson up by the key it computes anyway; an edited lesson has a new key and is parsed as before.
// The data is checked by the same zod schema either way: the index only saves the parse (~30 ms of
// a start, and loading gray-matter and js-yaml at all).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const FILE = "frontmatter.json";
const FORMAT = 1;

export type FrontmatterIndex = ReadonlyMap<string, Record<string, unknown>>;

type GrayMatter = (source: string) => { data: Record<string, unknown> };
let grayMatter: GrayMatter | undefined;

/** gray-matter's data for a lesson source, from the index when it has this exact source. */
export function readFrontmatter(source: string, key: string, index: FrontmatterIndex | null): Record<string, unknown> {
  const known = index?.get(key);
  if (known) return known; // read only: the zod schema builds new objects from it
  // Loaded on first use: a start whose every lesson is in the index never loads it.
  grayMatter ??= createRequire(import.meta.url)("gray-matter") as GrayMatter;
  return grayMatter(source).data;
}

/** The index in `dir`, or null when there is none (or it is unreadable: then every lesson is parsed). */
export function loadFrontmatterIndex(dir: string | null | undefined): FrontmatterIndex | null {
  if (!dir) return null;
  try {
    const file = JSON.parse(readFileSync(join(dir, FILE), "utf8")) as { format?: unknown; entries?: unknown };
    if (file.format !== FORMAT || !file.entries || typeof file.entries !== "object") return null;
    return new Map(Object.entries(file.entries as Record<string, Record<string, unknown>>));
  } catch {
    return null;
  }
}

/** True when JSON gives back exactly this value (YAML can also yield dates, which it would not). */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value as object).every(isJsonValue);
  return false;
}

/** Writes the index of these lessons (key and source) into `dir`; lessons whose data JSON cannot carry are left out. */
export function writeFrontmatterIndex(dir: string, lessons: Iterable<{ key: string; source: string }>): number {
  const entries: Record<string, Record<string, unknown>> = {};
  for (const { key, source } of lessons) {
    const data = readFrontmatter(source, key, null);
    if (isJsonValue(data)) entries[key] = data;
  }
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `${FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, entries }));
  renameSync(temporary, join(dir, FILE)); // atomic: a start never reads half a file
  return Object.keys(entries).length;
}
