// /courses/:slug: a course's overview: outline, time, what the certificate proves, and start or
// continue. Starting goes through the one entitlement check (canEnroll).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LearnerStatusBadge, LearnerStatusDetail, NextActionButton } from "~/components/courses/LearnerStatus";
import { ProgressBar } from "~/components/courses/ProgressBar";
import { Notice, RouteErrorBoundary, SubmitButton } from "~/components/ui";
import { QuizRulesList } from "~/components/quiz/QuizRules";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { getOptionalUser, requireUser } from "~/modules/auth/session.server";
import { coursePurchaseView } from "~/modules/billing/views.server";
import type { EnrollDecision } from "~/modules/courses/entitlement.server";
import { enroll, getCourseProgress } from "~/modules/courses/progress.server";
import { courseActionSchema } from "~/modules/courses/route-input";
import { getCourseView, lessonPath, courseFromParams } from "~/modules/courses/views.server";
import { readFormData } from "~/utils/form.server";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["courses", "quiz", "billing"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.title} · KontaktAkademin` : "KontaktAkademin" },
  ...(data ? [{ name: "description", content: data.course.description }] : []),
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const course = courseFromParams(params);
  invariantResponse(course, request);
  const user = await getOptionalUser(request);
  const language = await getLanguage(request, user?.locale);
  const [view, purchase] = await Promise.all([
    getCourseView(course, language, user),
    coursePurchaseView(user, course.slug, language),
  ]);
  return { course: view, purchase, readerLanguage: language };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const course = courseFromParams(params);
  invariantResponse(course, request);
  const user = await requireUser(request);
  const t = await getFixedT(await getLanguage(request, user.locale));
  const form = courseActionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!form.success) return data({ error: t("courses:errors.unknownIntent") }, { status: 400 });
  const decision = await enroll(user, course);
  if (!decision.allowed)
    return data(
      { error: t(decision.reason === "not-entitled" ? "billing:access.notEntitled" : "courses:course.enrolDenied") },
      { status: 403 },
    );
  const { progress } = await getCourseProgress(user.id, course);
  return redirect(lessonPath(course.slug, progress.resumeLessonSlug));
}

export default function CoursePage() {
  const { course, purchase, readerLanguage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("courses");
  const { t: tb } = useTranslation("billing");
  const learner = course.learner;
  return (
    <div className="mx-auto max-w-4xl">
      <nav aria-label={t("lesson.breadcrumb")} className="text-sm">
        <Link to="/courses">{t("lesson.courses")}</Link>
      </nav>
      <div className="mt-3 flex flex-wrap gap-2">
        <span className="badge">{t(`audienceBadge.${course.audience}`)}</span>
        {course.criterionCourse ? (
          <span className="badge bg-brand-100 text-brand-800">{t("criterionBadge")}</span>
        ) : null}
      </div>
      <h1 className="mt-2" lang={course.language}>
        {course.title}
      </h1>
      <p className="mt-3 text-lg text-slate-800" lang={course.language}>
        {course.description}
      </p>
      <p className="mt-2 text-slate-700">
        {t("course.estimated", { minutes: course.estimatedMinutes })} ·{" "}
        {t("lessonCount", { count: course.lessons.length })}
      </p>

      {course.fallback ? (
        <Notice tone="warning" live={false}>
          {t("course.fallbackIn", {
            language: t(`languages.${readerLanguage}`),
            shown: t(`languages.${course.language}`),
          })}
        </Notice>
      ) : course.partialFallback ? (
        <Notice tone="warning" live={false}>
          {t("course.partialFallbackIn", { language: t(`languages.${readerLanguage}`) })}
        </Notice>
      ) : null}

      <section
        aria-labelledby={learner ? "your-status" : undefined}
        aria-label={learner ? undefined : t("course.start")}
        className="card mt-6"
        data-testid="course-status"
      >
        {learner ? (
          <h2 id="your-status" className="text-xl">
            {t("course.yourStatus")}
          </h2>
        ) : null}
        {learner ? (
          <p className="mt-2 flex flex-wrap items-center gap-2">
            <LearnerStatusBadge status={learner.status} />
          </p>
        ) : null}
        {learner ? <LearnerStatusDetail status={learner.status} className="mt-2" /> : null}
        {learner?.previousVersion ? (
          <p className="mt-3 text-amber-950">{t("course.versionChanged", { version: course.version })}</p>
        ) : null}
        {learner?.enrolled && ["not-started", "reading", "ready"].includes(learner.status.kind) ? (
          <ProgressBar
            className="mt-3"
            percent={learner.progress.percent}
            label={t("lesson.progressLabel")}
            text={t("course.progress", { done: learner.progress.done, total: learner.progress.total })}
          />
        ) : null}
        {learner?.decision.allowed &&
        !learner.enrolled &&
        ["included", "seat", "purchase", "staff"].includes(learner.decision.basis) ? (
          <p className="mt-3 text-brand-800" data-testid="access-basis">
            {tb(`access.basis.${learner.decision.basis}`)}
            {learner.decision.basis === "purchase" ? (
              <>
                {" "}
                <Link to="/orders">{tb("orders.title")}</Link>
              </>
            ) : null}
          </p>
        ) : null}
        {actionData?.error ? (
          <Notice tone="error" className="mt-3">
            {actionData.error}
          </Notice>
        ) : null}
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {!learner ? (
            <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}`)}`} className="btn">
              {t("course.signInToStart")}
            </Link>
          ) : learner.status.action.kind !== "start" ? (
            <NextActionButton status={learner.status} />
          ) : learner.decision.allowed ? (
            <Form method="post">
              <SubmitButton name="intent" value="enroll" className="btn">
                {t("course.start")}
              </SubmitButton>
            </Form>
          ) : (
            <AccessHelp decision={learner.decision} purchase={purchase} slug={course.slug} />
          )}
        </div>
      </section>

      <section aria-labelledby="outline" className="mt-10">
        <h2 id="outline">{t("course.outline")}</h2>
        <ol className="mt-4 space-y-3">
          {course.lessons.map((lesson) => (
            <li key={lesson.slug} className="card flex gap-4">
              <span
                aria-hidden="true"
                className={`mt-0.5 flex h-8 w-8 shrink-0 items-center justify-center rounded-full font-semibold ${lesson.done ? "bg-brand-700 text-white" : "bg-slate-200 text-slate-900"}`}
              >
                {lesson.done ? "✓" : lesson.number}
              </span>
              <div className="min-w-0">
                <h3 className="text-lg" lang={lesson.language}>
                  {learner?.decision.allowed ? (
                    <Link to={`/courses/${course.slug}/lessons/${lesson.slug}`}>{lesson.title}</Link>
                  ) : (
                    lesson.title
                  )}
                </h3>
                <p className="mt-1 text-slate-800" lang={lesson.language}>
                  {lesson.summary}
                </p>
                <p className="mt-1 text-sm text-slate-700">
                  {t("course.lessonMinutes", { count: lesson.minutes })}
                  {lesson.deepeningMinutes ? (
                    <> ({t("course.deepeningMinutes", { count: lesson.deepeningMinutes })})</>
                  ) : null}
                  {lesson.done ? (
                    <>
                      {" "}
                      · <strong className="text-brand-800">{t("course.lessonDone")}</strong>
                    </>
                  ) : null}
                  {learner?.enrolled && !lesson.done && learner.progress.resumeLessonSlug === lesson.slug ? (
                    <> · {t("course.lessonNext")}</>
                  ) : null}
                </p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="quiz-rules" className="mt-10">
        <h2 id="quiz-rules">{t("course.quizRules")}</h2>
        <p className="mt-3 text-slate-800">{t("course.quizRulesLead")}</p>
        <QuizRulesList rules={course.quizRules} />
      </section>

      <section aria-labelledby="certificate" className="mt-10">
        <h2 id="certificate">{t("course.certificate")}</h2>
        <p className="mt-3 text-slate-800" lang={course.language}>
          {course.certificateProves}
        </p>
        <p className="mt-2 text-slate-700">
          {course.certificateValidityMonths
            ? t("course.validity", { count: course.certificateValidityMonths })
            : t("course.validityNone")}
        </p>
      </section>
      <p className="mt-10 text-sm text-slate-600">{t("course.version", { version: course.version })}</p>
    </div>
  );
}

type Purchase = ReturnType<typeof useLoaderData<typeof loader>>["purchase"];

/** Why the person cannot start, and what they can do about it (buy, buy seats, ask their admin, contact Kontakta). */
function AccessHelp({ decision, purchase, slug }: { decision: EnrollDecision; purchase: Purchase; slug: string }) {
  const { t } = useTranslation("billing");
  const { t: tc } = useTranslation("courses");
  if (decision.allowed || decision.reason !== "not-entitled")
    return <p className="text-slate-800">{tc("course.enrolDenied")}</p>;
  const price = purchase?.individual;
  return (
    <div className="w-full space-y-3" data-testid="access-help">
      <p className="font-medium text-slate-900">{t("access.notEntitled")}</p>
      {decision.help.includes("buy") && price ? (
        <p className="flex flex-wrap items-center gap-3">
          <span>
            {t("access.help.buy", {
              price: `${t("access.price.inclVat", { price: price.amount })}${price.memberPrice ? ` (${t("access.price.member")})` : ""}`,
            })}
          </span>
          <Link to={`/courses/${slug}/buy`} className="btn">
            {t("access.help.buyButton")}
          </Link>
        </p>
      ) : null}
      {decision.help.includes("buy-seats") ? (
        <p className="flex flex-wrap items-center gap-3">
          <span>{t("access.help.buySeats")}</span>
          <Link to={`/courses/${slug}/buy#company`} className="btn-secondary">
            {t("access.help.buySeatsButton")}
          </Link>
        </p>
      ) : null}
      {decision.help.includes("ask-admin") ? <p>{t("access.help.askAdmin")}</p> : null}
      {decision.help.includes("contact") ? <p>{t("access.help.contact")}</p> : null}
    </div>
  );
}
