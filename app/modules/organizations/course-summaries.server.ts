// The little the team dashboard needs to know about each course: title per language, its current
// version and lesson slugs (for progress), and whether it is the criterion course. Read from the
// courses module's content store (the one reader of content/courses).
import { pickText, type CourseMeta } from "~/modules/courses/course-schema";
import { getContentStore } from "~/modules/courses/content.server";

export type CourseSummary = {
  slug: string;
  version: string;
  criterionCourse: boolean;
  audience: CourseMeta["audience"];
  lessonSlugs: string[];
  title: (language: string) => string;
};

/** Every published course, the criterion course first, then by slug. */
export async function listCourseSummaries(): Promise<CourseSummary[]> {
  const { courses } = getContentStore().getCatalogue();
  return courses
    .map((course) => ({
      slug: course.slug,
      version: course.version,
      criterionCourse: course.meta.criterionCourse,
      audience: course.meta.audience,
      lessonSlugs: course.lessons.map((l) => l.slug),
      title: (language: string) => pickText(course.meta.title, language),
    }))
    .sort((a, b) => Number(b.criterionCourse) - Number(a.criterionCourse) || a.slug.localeCompare(b.slug));
}
