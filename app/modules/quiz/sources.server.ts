// Turns a question's `source` ("sfs-2005-59 3 kap. 4 §": a key from content/sources.json, then
// free text) into what the review shows: the source's short name and link, plus the reference.
import { pickText } from "~/modules/courses/course-schema";
import { getSourceEntry } from "./question-bank.server";

export type ResolvedSource = { label: string; title: string | null; url: string | null };

export function resolveSource(source: string, language: string): ResolvedSource {
  const [key = "", ...rest] = source.trim().split(/\s+/);
  const entry = getSourceEntry(key);
  if (!entry) return { label: source, title: null, url: null };
  return { label: [entry.short, ...rest].join(" "), title: pickText(entry.title, language), url: entry.url };
}
