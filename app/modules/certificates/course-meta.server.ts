// What a certificate needs to know about its course: title, description and what the certificate
// proves (per language), whether it is the criterion course, and how long certificates stay valid.
// The course comes from the content store (course.json, validated there; a content edit shows
// there first).
import { getContentStore } from "~/modules/courses/content.server";
import { pickText, type CourseMeta } from "~/modules/courses/course-schema";

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

function toCertificateCourse(meta: CourseMeta): CertificateCourse {
  return {
    slug: meta.slug,
    version: meta.version,
    criterionCourse: meta.criterionCourse,
    certificateValidityMonths: meta.certificateValidityMonths,
    title: (language) => pickText(meta.title, language),
    description: (language) => pickText(meta.description, language),
    certificateProves: (language) => pickText(meta.certificateProves, language),
    certificateLanguages: (["sv", "en", "fi"] as const).filter(
      (l) => Boolean(meta.certificateProves[l]) && Boolean(meta.title[l]),
    ),
    passPercent: meta.quiz.passPercent,
  };
}

/** The course, or null when there is no valid course with that slug (the store logs why). */
export async function loadCertificateCourse(slug: string): Promise<CertificateCourse | null> {
  const course = getContentStore().getCourse(slug);
  return course ? toCertificateCourse(course.meta) : null;
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

/** The criterion course (the introductory course for managers), or null when the content has none. */
export async function loadCriterionCourse(): Promise<CertificateCourse | null> {
  const course = getContentStore()
    .getCatalogue()
    .courses.find((c) => c.meta.criterionCourse);
  return course ? toCertificateCourse(course.meta) : null;
}
