// One course in the catalogue: title, audience, time, lessons, the language it is shown in (and
// the others it exists in), and the signed-in learner's status with its next action.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LearnerStatusBadge, NextActionButton } from "~/components/courses/LearnerStatus";
import type { CourseCard as CourseCardData } from "~/modules/courses/views.server";
import { listFormat } from "~/utils/intl-formatters";

export function CourseCard({ course, headingLevel }: { course: CourseCardData; headingLevel: 2 | 3 }) {
  const { t, i18n } = useTranslation("courses");
  const list = listFormat(i18n.language);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card flex h-full flex-col">
      <div className="mb-2 flex flex-wrap gap-2">
        <span className="badge">{t(`audienceBadge.${course.audience}`)}</span>
        {course.criterionCourse ? (
          <span className="badge bg-brand-100 text-brand-800">{t("criterionBadge")}</span>
        ) : null}
        <span
          className={`badge ${course.fallback ? "bg-amber-100 text-amber-900" : ""}`}
          data-testid="shown-language"
          data-language={course.language}
        >
          {t("catalogue.shownIn", { language: t(`languages.${course.language}`) })}
        </span>
        {course.status ? <LearnerStatusBadge status={course.status} /> : null}
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
        {course.otherLanguages.length ? (
          <>
            {" "}
            · {t("catalogue.alsoIn", { languages: list.format(course.otherLanguages.map((l) => t(`languages.${l}`))) })}
          </>
        ) : null}
      </p>
      {course.status && course.status.action.kind !== "start" ? (
        <p className="mt-3">
          <NextActionButton status={course.status} className="btn-secondary" />
        </p>
      ) : null}
    </article>
  );
}
