// /courses/:slug/lessons/:lesson: the lesson reader. The lesson arrives as HTML rendered on the
// server once per content version (no MDX code in the browser). Table of contents, previous/next,
// "mark as done" (a plain form), progress bar, resume, print-friendly.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { Trans, useTranslation } from "react-i18next";
import { LearnerStatusBadge, LearnerStatusDetail, NextActionButton } from "~/components/courses/LearnerStatus";
import { ProgressBar } from "~/components/courses/ProgressBar";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { getContentStore } from "~/modules/courses/content.server";
import { completeLesson, uncompleteLesson } from "~/modules/courses/progress.server";
import { lessonActionSchema, lessonParamsSchema } from "~/modules/courses/route-input";
import { getLessonPage, lessonPath } from "~/modules/courses/views.server";
import lessonStyles from "~/styles/lesson.css?url";
import { readFormData } from "~/utils/form.server";
import { invariantResponse, parseParams } from "~/utils/http.server";
import { Notice, RouteErrorBoundary } from "~/components/ui";
import { passDocumentHtml, useDocumentHtml } from "~/utils/document-html";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["courses"] };

const LESSON_BODY = "lesson-body";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: lessonStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lesson.title} · ${data.course.title} · KontaktAkademin` : "KontaktAkademin" },
  ...(data ? [{ name: "description", content: data.lesson.summary }] : []),
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

function findCourse(request: Request, params: Record<string, string | undefined>) {
  const { slug, lesson } = parseParams(request, params, lessonParamsSchema);
  const course = getContentStore().getCourse(slug);
  invariantResponse(course, request);
  return { course, lessonSlug: lesson };
}

/** Browsers announce prefetches; those must not move the learner's "continue" position. */
function isPrefetch(request: Request) {
  return /prefetch/i.test(request.headers.get("sec-purpose") ?? request.headers.get("purpose") ?? "");
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { course, lessonSlug } = findCourse(request, params);
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const result = await getLessonPage(course, lessonSlug, language, user, { recordVisit: !isPrefetch(request) });
  invariantResponse(result, request);
  if (result.status === "not-entitled") throw redirect(`/courses/${course.slug}`);
  if (result.status === "unavailable") {
    const t = await getFixedT(language);
    throw data(t("courses:errors.lessonUnavailable"), { status: 503 });
  }
  const { page } = result;
  return {
    ...page,
    // The lesson's HTML travels once in a document, not also in its hydration data.
    lesson: { ...page.lesson, html: passDocumentHtml(context.documentHtml, LESSON_BODY, page.lesson.html) },
    readerLanguage: language,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { course, lessonSlug } = findCourse(request, params);
  invariantResponse(
    course.lessons.some((l) => l.slug === lessonSlug),
    request,
  );
  const user = await requireUser(request);
  const t = await getFixedT(await getLanguage(request, user.locale));
  const form = lessonActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!form.success) throw data(t("courses:errors.unknownIntent"), { status: 400 });
  if (form.data.intent === "uncomplete") {
    await uncompleteLesson(user.id, course, lessonSlug);
    return redirect(lessonPath(course.slug, lessonSlug));
  }
  const { decision } = await completeLesson(user, course, lessonSlug);
  if (!decision.allowed) return redirect(`/courses/${course.slug}`);
  const index = course.lessons.findIndex((l) => l.slug === lessonSlug);
  const next = course.lessons[index + 1];
  return redirect(next ? lessonPath(course.slug, next.slug) : lessonPath(course.slug, lessonSlug));
}

/** Scenario reveals are <details>: open them for printing, close them again afterwards. */
function useOpenDetailsWhenPrinting() {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = [...document.querySelectorAll<HTMLDetailsElement>(".lesson-body details:not([open])")];
      for (const d of opened) d.open = true;
    };
    const after = () => {
      for (const d of opened) d.open = false;
      opened = [];
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
}

export default function LessonReader() {
  const page = useLoaderData<typeof loader>();
  const { course, lesson, previous, next, progress, done, status, readerLanguage } = page;
  const { t } = useTranslation("courses");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const lessonBody = useDocumentHtml(LESSON_BODY, lesson.html);
  useOpenDetailsWhenPrinting();
  const base = `/courses/${course.slug}/lessons`;
  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label={t("lesson.breadcrumb")} className="no-print text-sm">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link to="/courses">{t("lesson.courses")}</Link> <span aria-hidden="true">›</span>
          </li>
          <li>
            <Link to={`/courses/${course.slug}`} lang={course.language}>
              {course.title}
            </Link>
          </li>
        </ol>
      </nav>

      <div className="mt-4 lg:grid lg:grid-cols-[minmax(0,1fr)_16rem] lg:gap-10">
        <article aria-labelledby="lesson-title">
          <p className="text-sm font-medium text-slate-700">
            {t("lesson.position", { number: lesson.number, total: course.lessonCount })} ·{" "}
            {t("lesson.readingTime", { count: lesson.minutes })}
            {lesson.deepeningMinutes ? <> ({t("lesson.deepeningTime", { count: lesson.deepeningMinutes })})</> : null}
          </p>
          <h1 id="lesson-title" className="mt-1" lang={lesson.language}>
            {lesson.title}
          </h1>
          <p className="mt-3 text-lg text-slate-800" lang={lesson.language}>
            {lesson.summary}
          </p>
          {lesson.fallback ? (
            <Notice tone="warning" live={false} className="no-print mt-4">
              {t("lesson.fallbackIn", {
                language: t(`languages.${readerLanguage}`),
                shown: t(`languages.${lesson.language}`),
              })}
            </Notice>
          ) : null}
          <TocNav
            toc={lesson.toc}
            headingId="toc-title"
            className="no-print mt-6 rounded-lg border border-slate-300 p-4 lg:hidden"
            headingClassName="text-lg"
          />
          {/* Rendered on the server from the course's own MDX with our components; no user input. */}
          <div className="lesson-body mt-8" lang={lesson.language} {...lessonBody} />
        </article>

        <div className="no-print mt-10 lg:mt-0">
          <div className="space-y-6 lg:sticky lg:top-4">
            <ProgressBar
              percent={progress.percent}
              label={t("lesson.progressLabel")}
              text={t("lesson.progressText", { done: progress.done, total: progress.total, percent: progress.percent })}
            />
            <TocNav
              toc={lesson.toc}
              headingId="toc-side-title"
              className="hidden lg:block"
              headingClassName="text-base"
            />
          </div>
        </div>
      </div>

      <div className="no-print mx-auto mt-12 max-w-3xl lg:mx-0">
        <div className="card">
          {done ? (
            <>
              <p className="font-medium text-brand-800" role="status">
                ✓ {t("lesson.isDone")}
              </p>
              <Form method="post" className="mt-3">
                <button type="submit" name="intent" value="uncomplete" className="btn-secondary" disabled={busy}>
                  {t("lesson.undo")}
                </button>
              </Form>
            </>
          ) : (
            <Form method="post">
              <button type="submit" name="intent" value="complete" className="btn" disabled={busy}>
                {next ? t("lesson.markDoneAndNext") : t("lesson.markDone")}
              </button>
            </Form>
          )}
          {status ? (
            <div className="mt-4 border-t border-slate-200 pt-4" data-testid="lesson-course-status">
              {status.kind === "ready" ? (
                <p>{t("lesson.readyForQuiz")}</p>
              ) : (
                <>
                  <LearnerStatusBadge status={status} />
                  <LearnerStatusDetail status={status} className="mt-2" />
                </>
              )}
              <p className="mt-3">
                <NextActionButton status={status} />
              </p>
            </div>
          ) : null}
        </div>

        <nav aria-label={t("lesson.pager")} className="mt-8">
          <ul className="flex flex-col gap-3 sm:flex-row sm:justify-between">
            <li>
              {previous ? (
                <Link to={`${base}/${previous.slug}`}>
                  ←{" "}
                  <Trans
                    t={t}
                    i18nKey="lesson.previousLesson"
                    values={{ title: previous.title }}
                    components={{ l: <span lang={previous.language} /> }}
                  />
                </Link>
              ) : null}
            </li>
            <li>
              <Link to={`/courses/${course.slug}`}>{t("lesson.backToCourse")}</Link>
            </li>
            <li>
              {next ? (
                <Link to={`${base}/${next.slug}`}>
                  <Trans
                    t={t}
                    i18nKey="lesson.nextLesson"
                    values={{ title: next.title }}
                    components={{ l: <span lang={next.language} /> }}
                  />{" "}
                  →
                </Link>
              ) : null}
            </li>
          </ul>
        </nav>
        <p className="mt-8 text-sm text-slate-600">{t("lesson.printHint")}</p>
      </div>
    </div>
  );
}

type TocEntry = { id: string; text: string; level: 2 | 3 };

/** The lesson's table of contents; shown twice (above the text on small screens, beside it on large). */
function TocNav({
  toc,
  headingId,
  className,
  headingClassName,
}: {
  toc: TocEntry[];
  headingId: string;
  className: string;
  headingClassName: string;
}) {
  const { t } = useTranslation("courses");
  if (!toc.length) return null;
  return (
    <nav aria-labelledby={headingId} className={className}>
      <h2 id={headingId} className={headingClassName}>
        {t("lesson.toc")}
      </h2>
      <TocList toc={toc} />
    </nav>
  );
}

function TocList({ toc }: { toc: TocEntry[] }) {
  return (
    <ul className="mt-2 space-y-1 text-sm">
      {toc.map((entry) => (
        <li key={entry.id} className={entry.level === 3 ? "pl-4" : ""}>
          <a href={`#${entry.id}`} className="text-slate-800 hover:text-brand-800">
            {entry.text}
          </a>
        </li>
      ))}
    </ul>
  );
}
