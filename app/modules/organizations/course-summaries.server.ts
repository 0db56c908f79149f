// The little the team dashboard needs to know about each course: title per language, its lesson
// slugs (for progress), and whether it is the criterion course. Read from content/courses with
// the courses module's schema; re-read when a course.json or lessons folder changes.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { courseMetaSchema, parseLessonFileName, pickText, type CourseMeta } from "~/modules/courses/course-schema";
import { logger } from "~/utils/logger.server";

export type CourseSummary = {
  slug: string;
  criterionCourse: boolean;
  audience: CourseMeta["audience"];
  lessonSlugs: string[];
  title: (language: string) => string;
};

const COURSES_DIR = resolve(process.cwd(), "content", "courses");

let cached: { key: string; value: CourseSummary[] } | undefined;

async function fingerprint(slugs: string[]): Promise<string> {
  const parts = await Promise.all(
    slugs.map(async (slug) => {
      const [meta, lessons] = await Promise.all([
        stat(join(COURSES_DIR, slug, "course.json")).catch(() => null),
        stat(join(COURSES_DIR, slug, "lessons")).catch(() => null),
      ]);
      return `${slug}:${meta?.mtimeMs ?? "-"}:${lessons?.mtimeMs ?? "-"}`;
    }),
  );
  return parts.join("|");
}

/** Every published course (one with a valid course.json), criterion course first, then by slug. */
export async function listCourseSummaries(): Promise<CourseSummary[]> {
  const slugs = (await readdir(COURSES_DIR, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const key = await fingerprint(slugs);
  if (cached?.key === key) return cached.value;
  const courses: CourseSummary[] = [];
  for (const slug of slugs) {
    let raw: string;
    try {
      raw = await readFile(join(COURSES_DIR, slug, "course.json"), "utf8");
    } catch {
      continue; // work in progress: no course.json yet
    }
    const parsed = courseMetaSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.slug !== slug) {
      logger.warn("course skipped on the team dashboard: invalid course.json", { slug });
      continue;
    }
    const meta = parsed.data;
    const files = await readdir(join(COURSES_DIR, slug, "lessons")).catch(() => [] as string[]);
    const lessonSlugs = files
      .map(parseLessonFileName)
      .filter((f): f is NonNullable<typeof f> => f !== null && f.language === "sv")
      .sort((a, b) => a.order - b.order)
      .map((f) => f.slug);
    courses.push({
      slug,
      criterionCourse: meta.criterionCourse,
      audience: meta.audience,
      lessonSlugs,
      title: (language) => pickText(meta.title, language),
    });
  }
  courses.sort((a, b) => Number(b.criterionCourse) - Number(a.criterionCourse) || a.slug.localeCompare(b.slug));
  cached = { key, value: courses };
  return courses;
}
