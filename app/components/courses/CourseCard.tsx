// One course in the catalogue: title, audience, time, lessons, and the reader's progress.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CourseCard as CourseCardData } from "~/modules/courses/views.server";

export function CourseCard({ course, headingLevel }: { course: CourseCardData; headingLevel: 2 | 3 }) {
  const { t } = useTranslation("courses");
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card flex h-full flex-col">
      <div className="mb-2 flex flex-wrap gap-2">
        <span className="badge">{t(`audienceBadge.${course.audience}`)}</span>
        {course.criterionCourse ? <span className="badge bg-brand-100 text-brand-800">{t("criterionBadge")}</span> : null}
        {course.fallback ? <span className="badge bg-amber-100 text-amber-900">{t("catalogue.shownInSwedish")}</span> : null}
      </div>
      <Heading className="text-xl font-semibold" lang={course.language}>
        <Link to={`/courses/${course.slug}`} className="text-slate-900 no-underline hover:underline">
          {course.title}
        </Link>
      </Heading>
      <p className="mt-2 flex-1 text-slate-800" lang={course.language}>
        {course.description}
      </p>
      <p className="mt-3 text-sm text-slate-700">
        {t("minutes", { count: course.estimatedMinutes })} · {t("lessonCount", { count: course.lessonCount })}
        {course.percent !== null ? <> · {t("catalogue.progress", { percent: course.percent })}</> : null}
      </p>
    </article>
  );
}
