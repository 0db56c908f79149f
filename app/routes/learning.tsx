// /learning: "My learning": the signed-in learner's courses with progress, newest activity first,
// each with its next step (continue reading, or the final quiz when every lesson is done).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgressBar } from "~/components/courses/ProgressBar";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { pickText } from "~/modules/courses/course-schema";
import { pickVariant } from "~/modules/courses/content.server";
import { getLearningPage } from "~/modules/courses/progress.server";
import { learningQuerySchema, searchParamsObject } from "~/modules/courses/route-input";
import { displayLanguage, lessonPath, quizPath } from "~/modules/courses/views.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const t = await getFixedT(language);
  const query = learningQuerySchema.safeParse(searchParamsObject(new URL(request.url)));
  if (!query.success) throw data(t("courses:errors.badRequest"), { status: 400 });
  const result = await getLearningPage(user.id, { page: query.data.page, pageSize: PAGE_SIZE });
  return {
    title: t("courses:meta.learning"),
    page: result.page,
    pages: result.pages,
    total: result.total,
    entries: result.entries.map((entry) => {
      const { course, progress } = entry;
      if (!course || !progress) return { courseSlug: entry.courseSlug, available: false as const, lastActiveAt: entry.lastActiveAt.toISOString() };
      const courseLanguage = displayLanguage(course, language);
      const resume = course.lessons.find((l) => l.slug === progress.resumeLessonSlug)!;
      return {
        courseSlug: course.slug,
        available: true as const,
        title: pickText(course.meta.title, courseLanguage),
        language: courseLanguage,
        lastActiveAt: entry.lastActiveAt.toISOString(),
        progress,
        resume: { href: lessonPath(course.slug, resume.slug), title: pickVariant(resume, language).frontmatter.title },
        quizHref: progress.readyForQuiz ? quizPath(course.slug) : null,
      };
    }),
  };
}

export default function Learning() {
  const { entries, page, pages, total } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("courses");
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  return (
    <div className="mx-auto max-w-4xl">
      <h1>{t("learning.title")}</h1>
      <p className="mt-3 text-lg text-slate-800">{t("learning.lead")}</p>
      {total === 0 ? (
        <div className="card mt-6">
          <p>{t("learning.empty")}</p>
          <Link to="/courses" className="btn mt-4">
            {t("learning.browse")}
          </Link>
        </div>
      ) : (
        <ul className="mt-6 space-y-4">
          {entries.map((entry) =>
            entry.available ? (
              <li key={entry.courseSlug} className="card">
                <h2 className="text-xl" lang={entry.language}>
                  <Link to={`/courses/${entry.courseSlug}`} className="text-slate-900">
                    {entry.title}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-slate-700">
                  {t("learning.status")}:{" "}
                  <strong>
                    {entry.progress.readyForQuiz ? t("learning.statusReady") : entry.progress.done ? t("learning.statusInProgress") : t("learning.statusNotStarted")}
                  </strong>{" "}
                  · {t("learning.lastActive")}: <time dateTime={entry.lastActiveAt}>{date.format(new Date(entry.lastActiveAt))}</time>
                </p>
                <ProgressBar
                  className="mt-3"
                  percent={entry.progress.percent}
                  label={t("learning.progress")}
                  text={t("lesson.progressText", { done: entry.progress.done, total: entry.progress.total, percent: entry.progress.percent })}
                />
                <p className="mt-4 flex flex-wrap gap-3">
                  {entry.quizHref ? (
                    <Link to={entry.quizHref} className="btn">
                      {t("learning.toQuiz")}
                    </Link>
                  ) : (
                    <Link to={entry.resume.href} className="btn">
                      {t("learning.continueLesson", { lesson: entry.resume.title })}
                    </Link>
                  )}
                </p>
              </li>
            ) : (
              <li key={entry.courseSlug} className="card">
                <h2 className="text-xl">{entry.courseSlug}</h2>
                <p className="mt-1 text-slate-700">{t("learning.unavailable")}</p>
              </li>
            ),
          )}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label={t("common:pagination.label")} className="mt-8 flex items-center justify-between">
          {page > 1 ? <Link to={`?page=${page - 1}`}>{t("common:pagination.previous")}</Link> : <span />}
          <span>{t("common:pagination.page", { page, pages })}</span>
          {page < pages ? <Link to={`?page=${page + 1}`}>{t("common:pagination.next")}</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
