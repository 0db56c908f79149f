// /learning: "My learning": the signed-in learner's courses, newest activity first, each with its
// one status (learnerStatus: reading, ready for the test, passed with certificate, failed with the
// next try, expiring, expired, revoked) and the one next action as the primary button.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LearnerStatusBadge, LearnerStatusDetail, NextActionButton } from "~/components/courses/LearnerStatus";
import { AssignedCourses } from "~/components/assignments/AssignedCourses";
import { ProgressBar } from "~/components/courses/ProgressBar";
import { useFormatDateTime } from "~/components/ui";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { assignedCourseViews } from "~/modules/assignments/views.server";
import { requireUser } from "~/modules/auth/session.server";
import { pickText } from "~/modules/courses/course-schema";
import { learnerStatusView } from "~/modules/courses/learner-status";
import { getLearnerStatuses } from "~/modules/courses/learner-status.server";
import { getLearningPage } from "~/modules/courses/progress.server";
import { learningQuerySchema, searchParamsObject } from "~/modules/courses/route-input";
import { displayLanguage, lessonShownIn } from "~/modules/courses/views.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "courses"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const t = await getFixedT(language);
  const query = learningQuerySchema.safeParse(searchParamsObject(new URL(request.url)));
  if (!query.success) throw data(t("courses:errors.badRequest"), { status: 400 });
  const [result, assigned] = await Promise.all([
    getLearningPage(user.id, { page: query.data.page, pageSize: PAGE_SIZE }),
    assignedCourseViews(user.id, language),
  ]);
  const statuses = await getLearnerStatuses(
    user.id,
    result.entries.flatMap(({ course, progress }) =>
      course && progress ? [{ course, enrolled: true, progress }] : [],
    ),
  );
  return {
    title: t("courses:meta.learning"),
    assigned,
    page: result.page,
    pages: result.pages,
    total: result.total,
    entries: result.entries.map((entry) => {
      const { course, progress } = entry;
      if (!course || !progress)
        return {
          courseSlug: entry.courseSlug,
          available: false as const,
          lastActiveAt: entry.lastActiveAt.toISOString(),
        };
      const courseLanguage = displayLanguage(course, language);
      return {
        courseSlug: course.slug,
        available: true as const,
        title: pickText(course.meta.title, courseLanguage),
        language: courseLanguage,
        lastActiveAt: entry.lastActiveAt.toISOString(),
        progress,
        status: learnerStatusView(course.slug, statuses.get(course.slug)!, lessonShownIn(course, language)),
      };
    }),
  };
}

export default function Learning() {
  const { entries, page, pages, total, assigned } = useLoaderData<typeof loader>();
  const { t } = useTranslation("courses");
  const formatDate = useFormatDateTime();
  return (
    <div className="mx-auto max-w-4xl">
      <h1>{t("learning.title")}</h1>
      <p className="mt-3 text-lg text-slate-800">{t("learning.lead")}</p>
      <AssignedCourses items={assigned} />
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
                <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  <span className="sr-only">{t("learning.status")}:</span>
                  <LearnerStatusBadge status={entry.status} />
                  <span>
                    · {t("learning.lastActive")}:{" "}
                    <time dateTime={entry.lastActiveAt}>{formatDate(entry.lastActiveAt)}</time>
                  </span>
                </p>
                <LearnerStatusDetail status={entry.status} className="mt-2" />
                {/* What the learner's company expects (assigned by, due date) goes here, under the status. */}
                {["not-started", "reading", "ready"].includes(entry.status.kind) ? (
                  <ProgressBar
                    className="mt-3"
                    percent={entry.progress.percent}
                    label={t("learning.progress")}
                    text={t("lesson.progressText", {
                      done: entry.progress.done,
                      total: entry.progress.total,
                      percent: entry.progress.percent,
                    })}
                  />
                ) : null}
                <p className="mt-4 flex flex-wrap gap-3">
                  <NextActionButton status={entry.status} />
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
