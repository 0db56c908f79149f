// /courses/:slug/quiz: the final quiz's intro: rules, pass mark, attempts left, cooldown or
// period limit with a countdown, time limit, the learner's attempts; starts or resumes an attempt.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatClock, useCountdown, useFormatDateTime, useRelativeFromNow } from "~/components/quiz/time";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { profileRedirect } from "~/modules/auth/profile.server";
import { requireUser } from "~/modules/auth/session.server";
import { getQuizIntro, startAttempt } from "~/modules/quiz/attempts.server";
import { parseCourseSlug, quizHttp } from "~/modules/quiz/http.server";
import { isValidPersonName } from "~/modules/auth/profile";
import { readFormData } from "~/utils/form.server";

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [{ title: loaderData?.title ?? "KontaktAkademin" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseCourseSlug(params.slug);
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const language = await getLanguage(request, user.locale);
  const now = new Date();
  const intro = await quizHttp(() => getQuizIntro(user.id, slug, language, { page, now }));
  const t = await getFixedT(language);
  const { availability } = intro;
  return {
    title: t("quiz:meta.intro", { course: intro.course.title }),
    course: intro.course,
    rules: intro.rules,
    ready: intro.ready,
    availability: {
      state: availability.state,
      attemptsLeft: availability.attemptsLeft,
      attemptId: availability.state === "in-progress" ? availability.attemptId : null,
      waitSeconds: "until" in availability ? Math.max(0, Math.ceil((availability.until.getTime() - now.getTime()) / 1000)) : null,
      certificateNumber: availability.state === "passed" ? availability.certificate.number : null,
      renewableFrom: availability.state === "passed" ? (availability.renewableFrom?.toISOString() ?? null) : null,
    },
    history: intro.history,
  };
}

const actionSchema = z.object({ intent: z.literal("start") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const slug = parseCourseSlug(params.slug);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  // The certificate carries the holder's name: ask for it before the attempt, not after.
  if (!isValidPersonName(user.name)) throw redirect(profileRedirect(`/courses/${slug}/quiz`));
  const language = await getLanguage(request, user.locale);
  const outcome = await quizHttp(() => startAttempt(user.id, slug, language));
  if (outcome.status === "started" || outcome.status === "resumed") throw redirect(`/quiz/${outcome.attemptId}`);
  return data({ error: outcome.status }, { status: 409 });
}

function Rules() {
  const { rules } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  const needed = Math.ceil((rules.passPercent * rules.questionCount) / 100);
  return (
    <section aria-labelledby="rules-title" className="card mt-6">
      <h2 id="rules-title">{t("intro.rulesTitle")}</h2>
      <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("intro.questions")}</dt>
        <dd>{t("intro.questionsValue", { count: rules.questionCount })}</dd>
        <dt className="font-semibold">{t("intro.passMark")}</dt>
        <dd>
          {t("intro.passMarkValue", { percent: rules.passPercent, needed, count: rules.questionCount })}
          <br />
          <span className="text-sm text-slate-700">{t("intro.passMarkNote")}</span>
        </dd>
        <dt className="font-semibold">{t("intro.timeLimit")}</dt>
        <dd>{rules.timeLimitMinutes ? t("intro.timeLimitValue", { minutes: rules.timeLimitMinutes }) : t("intro.noTimeLimit")}</dd>
        <dt className="font-semibold">{t("intro.attempts")}</dt>
        <dd>{t("intro.attemptsValue", { max: rules.attemptsPerPeriod.max, hours: rules.attemptsPerPeriod.periodHours })}</dd>
        <dt className="font-semibold">{t("intro.cooldown")}</dt>
        <dd>{rules.cooldownMinutes > 0 ? t("intro.cooldownValue", { minutes: rules.cooldownMinutes }) : t("intro.noCooldown")}</dd>
        <dt className="font-semibold">{t("intro.review")}</dt>
        <dd>{t(`intro.reviewPolicy.${rules.review}`)}</dd>
      </dl>
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
  const navigation = useNavigation();
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
        {availability.renewableFrom ? <p className="mt-2">{t("intro.passedRenewable", { date: formatDate(availability.renewableFrom, "date") })}</p> : null}
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
  } else if ((availability.state === "cooldown" || availability.state === "limit-reached") && availability.waitSeconds !== null) {
    body = <Wait seconds={availability.waitSeconds} messageKey={availability.state === "cooldown" ? "intro.cooldownWait" : "intro.limitReached"} />;
  } else {
    body = (
      <Form method="post">
        <p>{t("intro.available")}</p>
        <p className="mt-1 text-slate-700">{t("intro.startHint")}</p>
        <button type="submit" name="intent" value="start" className="btn mt-4" disabled={navigation.state === "submitting"}>
          {t("intro.start")}
        </button>
      </Form>
    );
  }
  return (
    <section aria-labelledby="status-title" className="card mt-6">
      <h2 id="status-title">{t("intro.statusTitle")}</h2>
      {actionData?.error ? (
        <div role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {t(`intro.errors.${actionData.error}`)}
        </div>
      ) : null}
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
  const { t: tc } = useTranslation();
  const formatDate = useFormatDateTime();
  return (
    <section aria-labelledby="history-title" className="mt-8">
      <h2 id="history-title">{t("intro.historyTitle")}</h2>
      {history.total === 0 ? (
        <p className="mt-3">{t("intro.historyEmpty")}</p>
      ) : (
        <>
          <div className="mt-3 overflow-x-auto">
            <table className="table">
              <caption className="sr-only">{t("intro.historyCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("intro.columns.startedAt")}</th>
                  <th scope="col">{t("intro.columns.status")}</th>
                  <th scope="col">{t("intro.columns.score")}</th>
                  <th scope="col">{t("intro.columns.details")}</th>
                </tr>
              </thead>
              <tbody>
                {history.items.map((item) => (
                  <tr key={item.id}>
                    <td>{formatDate(item.startedAt)}</td>
                    <td>{t(`intro.attemptStatus.${item.status}`)}</td>
                    <td>
                      {item.scorePercent === null ? "–" : `${item.scorePercent} %`}
                      {item.passed === null ? null : <span className="badge ml-2">{item.passed ? t("intro.passedShort") : t("intro.failedShort")}</span>}
                    </td>
                    <td>
                      {item.status === "in_progress" ? (
                        <Link to={`/quiz/${item.id}`}>{t("intro.showAttempt")}</Link>
                      ) : (
                        <Link to={`/quiz/${item.id}/result`}>{t("intro.showResult")}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {history.pages > 1 ? (
            <nav aria-label={tc("pagination.label")} className="mt-4 flex flex-wrap items-center gap-3">
              {history.page > 1 ? (
                <Link to={`?page=${history.page - 1}`} className="btn-secondary py-1 text-sm" rel="prev">
                  {tc("pagination.previous")}
                </Link>
              ) : null}
              <span aria-current="page">{tc("pagination.page", { page: history.page, pages: history.pages })}</span>
              {history.page < history.pages ? (
                <Link to={`?page=${history.page + 1}`} className="btn-secondary py-1 text-sm" rel="next">
                  {tc("pagination.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
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
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
      </p>
      <h1 className="mt-2">{t("intro.title", { course: course.title })}</h1>
      <p className="mt-4 text-lg text-slate-800">{t("intro.lead")}</p>
      <Status />
      <Rules />
      <History />
    </div>
  );
}
