// What a certificate needs to know about its course: title, description and what the certificate
// proves (per language), whether it is the criterion course, and how long certificates stay valid.
// Reads content/courses/<slug>/course.json through the courses module's schema; cached per file
// modification time so content edits apply without a restart.
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { courseMetaSchema, pickText, slugSchema, type CourseMeta } from "~/modules/courses/course-schema";

const CONTENT_DIR = resolve(process.cwd(), "content");

export type CertificateCourse = {
  slug: string;
  version: string;
  criterionCourse: boolean;
  certificateValidityMonths: number | null;
  title: (language: string) => string;
  description: (language: string) => string;
  certificateProves: (language: string) => string;
  /** Languages in which the course has its own certificate text (Swedish always). */
  certificateLanguages: ReadonlyArray<"sv" | "en" | "fi">;
  passPercent: number;
};

const cache = new Map<string, { mtimeMs: number; value: Promise<CertificateCourse | null> }>();

function toCertificateCourse(meta: CourseMeta): CertificateCourse {
  return {
    slug: meta.slug,
    version: meta.version,
    criterionCourse: meta.criterionCourse,
    certificateValidityMonths: meta.certificateValidityMonths,
    title: (language) => pickText(meta.title, language),
    description: (language) => pickText(meta.description, language),
    certificateProves: (language) => pickText(meta.certificateProves, language),
    certificateLanguages: (["sv", "en", "fi"] as const).filter((l) => Boolean(meta.certificateProves[l]) && Boolean(meta.title[l])),
    passPercent: meta.quiz.passPercent,
  };
}

/** The course, or null when no course has that slug. Throws when course.json is invalid. */
export async function loadCertificateCourse(slug: string): Promise<CertificateCourse | null> {
  if (!slugSchema.safeParse(slug).success) return null;
  const path = join(CONTENT_DIR, "courses", slug, "course.json");
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(path)).mtimeMs;
  } catch {
    cache.delete(slug);
    return null;
  }
  const hit = cache.get(slug);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value;
  const value = (async () => {
    const parsed = courseMetaSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`content/courses/${slug}/course.json: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    if (parsed.data.slug !== slug) throw new Error(`content/courses/${slug}/course.json: slug is "${parsed.data.slug}"`);
    return toCertificateCourse(parsed.data);
  })();
  cache.set(slug, { mtimeMs, value });
  value.catch(() => cache.delete(slug));
  return value;
}

/** Adds whole calendar months (the 31st plus one month is the last day of the next month). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
