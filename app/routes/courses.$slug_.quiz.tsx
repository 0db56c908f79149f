// /courses/:slug/quiz: the final quiz's intro: rules, pass mark, attempts left, cooldown or
// period limit with a countdown, time limit, the learner's attempts; starts or resumes an attempt.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { QuizRulesList } from "~/components/quiz/QuizRules";
import { formatClock, useCountdown, useRelativeFromNow } from "~/components/quiz/time";
import { DataTable, Notice, PageNav, RouteErrorBoundary, SubmitButton, useFormatDateTime } from "~/components/ui";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { profileRedirect } from "~/modules/auth/profile.server";
import { requireUser } from "~/modules/auth/session.server";
import { getContentStore } from "~/modules/courses/content.server";
import { displayLanguage } from "~/modules/courses/views.server";
import { getQuizIntro, startAttempt } from "~/modules/quiz/attempts.server";
import { courseParamsSchema } from "~/modules/courses/route-input";
import { isValidPersonName } from "~/modules/auth/profile";
import { readFormData } from "~/utils/form.server";
import { invariantResponse, parseParams, withDomainErrors } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

/** The quiz is in the language the course is shown in (a Finnish reader of an English-only course gets it in English). */
function quizLanguage(slug: string, readerLanguage: string): string {
  const course = getContentStore().getCourse(slug);
  return course ? displayLanguage(course, readerLanguage) : readerLanguage;
}

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["quiz"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { slug } = parseParams(request, params, courseParamsSchema);
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const language = await getLanguage(request, user.locale);
  const now = new Date();
  const intro = await withDomainErrors(request, () =>
    getQuizIntro(user.id, slug, quizLanguage(slug, language), { page, now }),
  );
  const t = await getFixedT(language);
  const { availability } = intro;
  return {
    title: t("quiz:meta.intro", { course: intro.course.title }),
    course: { ...intro.course, language: quizLanguage(slug, language) },
    rules: intro.rules,
    ready: intro.ready,
    availability: {
      state: availability.state,
      attemptsLeft: availability.attemptsLeft,
      attemptId: availability.state === "in-progress" ? availability.attemptId : null,
      waitSeconds:
        "until" in availability ? Math.max(0, Math.ceil((availability.until.getTime() - now.getTime()) / 1000)) : null,
      certificateNumber: availability.state === "passed" ? availability.certificate.number : null,
      renewableFrom: availability.state === "passed" ? (availability.renewableFrom?.toISOString() ?? null) : null,
    },
    history: intro.history,
  };
}

const actionSchema = z.object({ intent: z.literal("start") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { slug } = parseParams(request, params, courseParamsSchema);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  invariantResponse(parsed.success, request, "badRequest");
  // The certificate carries the holder's name: ask for it before the attempt, not after.
  if (!isValidPersonName(user.name)) throw redirect(profileRedirect(`/courses/${slug}/quiz`));
  const language = await getLanguage(request, user.locale);
  const outcome = await withDomainErrors(request, () => startAttempt(user.id, slug, quizLanguage(slug, language)));
  if (outcome.status === "started" || outcome.status === "resumed") throw redirect(`/quiz/${outcome.attemptId}`);
  return data({ error: outcome.status }, { status: 409 });
}

function Rules() {
  const { rules } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  return (
    <section aria-labelledby="rules-title" className="card mt-6">
      <h2 id="rules-title">{t("intro.rulesTitle")}</h2>
      <QuizRulesList rules={rules} />
    </section>
  );
}

function Wait({ seconds, messageKey }: { seconds: number; messageKey: "intro.cooldownWait" | "intro.limitReached" }) {
  const { t } = useTranslation("quiz");
  const relative = useRelativeFromNow();
  const left = useCountdown(seconds) ?? seconds;
  if (left <= 0) {
    return (
      <p>
        {t("intro.waitOver")}{" "}
        <a href="" className="font-semibold">
          {t("intro.reload")}
        </a>
      </p>
    );
  }
  return (
    <p>
      {t(messageKey, { when: relative(left) })} <span className="font-mono text-slate-700">({formatClock(left)})</span>
    </p>
  );
}

function Status() {
  const { course, ready, availability } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("quiz");
  const formatDate = useFormatDateTime();
  let body;
  if (availability.state === "in-progress" && availability.attemptId) {
    body = (
      <>
        <p>{t("intro.inProgress")}</p>
        <p className="mt-4">
          <Link to={`/quiz/${availability.attemptId}`} className="btn">
            {t("intro.continue")}
          </Link>
        </p>
      </>
    );
  } else if (availability.state === "passed" && availability.certificateNumber) {
    body = (
      <>
        <p>{t("intro.passed")}</p>
        {availability.renewableFrom ? (
          <p className="mt-2">
            {t("intro.passedRenewable", { date: formatDate(availability.renewableFrom, "longDate") })}
          </p>
        ) : null}
        <p className="mt-4">
          <Link to={`/certificates/${availability.certificateNumber}`} className="btn">
            {t("intro.viewCertificate", { number: availability.certificateNumber })}
          </Link>
        </p>
      </>
    );
  } else if (!ready) {
    body = (
      <>
        <p>{t("intro.notReady")}</p>
        <p className="mt-4">
          <Link to={`/courses/${course.slug}`} className="btn-secondary">
            {t("intro.toCourse")}
          </Link>
        </p>
      </>
    );
  } else if (
    (availability.state === "cooldown" || availability.state === "limit-reached") &&
    availability.waitSeconds !== null
  ) {
    body = (
      <Wait
        seconds={availability.waitSeconds}
        messageKey={availability.state === "cooldown" ? "intro.cooldownWait" : "intro.limitReached"}
      />
    );
  } else {
    body = (
      <Form method="post">
        <p>{t("intro.available")}</p>
        <p className="mt-1 text-slate-700">{t("intro.startHint")}</p>
        <SubmitButton name="intent" value="start" className="btn mt-4">
          {t("intro.start")}
        </SubmitButton>
      </Form>
    );
  }
  return (
    <section aria-labelledby="status-title" className="card mt-6">
      <h2 id="status-title">{t("intro.statusTitle")}</h2>
      {actionData?.error ? <Notice tone="error">{t(`intro.errors.${actionData.error}`)}</Notice> : null}
      <p className="mt-3">
        {t("intro.attemptsLeft")}: <strong>{availability.attemptsLeft}</strong>
      </p>
      <div className="mt-3">{body}</div>
    </section>
  );
}

function History() {
  const { history } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  const formatDate = useFormatDateTime();
  return (
    <section aria-labelledby="history-title" className="mt-8">
      <h2 id="history-title">{t("intro.historyTitle")}</h2>
      {history.total === 0 ? (
        <p className="mt-3">{t("intro.historyEmpty")}</p>
      ) : (
        <>
          <DataTable
            className="mt-3"
            caption={t("intro.historyCaption")}
            rows={history.items}
            rowKey={(item) => item.id}
            columns={[
              {
                key: "startedAt",
                header: t("intro.columns.startedAt"),
                cell: (item) => formatDate(item.startedAt, "dateTime"),
              },
              {
                key: "status",
                header: t("intro.columns.status"),
                cell: (item) => t(`intro.attemptStatus.${item.status}`),
              },
              {
                key: "score",
                header: t("intro.columns.score"),
                cell: (item) => (
                  <>
                    {item.scorePercent === null ? "–" : `${item.scorePercent} %`}
                    {item.passed === null ? null : (
                      <span className="badge ml-2">
                        {item.passed ? t("intro.passedShort") : t("intro.failedShort")}
                      </span>
                    )}
                  </>
                ),
              },
              {
                key: "details",
                header: t("intro.columns.details"),
                cell: (item) =>
                  item.status === "in_progress" ? (
                    <Link to={`/quiz/${item.id}`}>{t("intro.showAttempt")}</Link>
                  ) : (
                    <Link to={`/quiz/${item.id}/result`}>{t("intro.showResult")}</Link>
                  ),
              },
            ]}
          />
          <PageNav page={history.page} pages={history.pages} />
        </>
      )}
    </section>
  );
}

export default function QuizIntroPage() {
  const { course } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}`} lang={course.language}>
          {course.title}
        </Link>
      </p>
      <h1 className="mt-2">
        {/* The course title may be in a fallback language (ADR 023): it carries its own lang. */}
        <Trans
          t={t}
          i18nKey="intro.titleWithLanguage"
          values={{ course: course.title }}
          components={{ l: <span lang={course.language} /> }}
        />
      </h1>
      <p className="mt-4 text-lg text-slate-800">{t("intro.lead")}</p>
      <Status />
      <Rules />
      <History />
    </div>
  );
}
