// /quiz/:attemptId/result: the graded attempt: score, pass or fail, the review the course's policy
// allows (nothing, which were wrong, or the right answers with explanations and sources), and the
// certificate when one was issued.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { getAttemptResult } from "~/modules/quiz/attempts.server";
import { attemptParamsSchema } from "~/modules/quiz/params";
import type { ReviewQuestion } from "~/modules/quiz/review";
import { parseParams, withDomainErrors } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["quiz"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { attemptId } = parseParams(request, params, attemptParamsSchema);
  const outcome = await withDomainErrors(request, () => getAttemptResult(user.id, attemptId));
  if (outcome.state === "open") throw redirect(`/quiz/${attemptId}`);
  const t = await getFixedT(await getLanguage(request, user.locale));
  const { result } = outcome;
  return data(
    {
      title: t("quiz:meta.result", { course: result.courseTitle }),
      result: {
        courseSlug: result.courseSlug,
        courseTitle: result.courseTitle,
        locale: result.locale,
        status: result.status,
        scorePoints: result.scorePoints,
        maxPoints: result.maxPoints,
        scorePercent: result.scorePercent,
        passed: result.passed,
        passPercent: result.passPercent,
        reviewPolicy: result.reviewPolicy,
        review: result.review,
        sources: result.sources,
        certificate: result.certificate,
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const outcomeClass = {
  correct: "border-green-700 bg-green-50 text-green-900",
  wrong: "border-red-700 bg-red-50 text-red-900",
  unanswered: "border-slate-500 bg-slate-100 text-slate-900",
} as const;

function ReviewedQuestion({ question, number }: { question: ReviewQuestion; number: number }) {
  const { result } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  const source = question.source ? result.sources[question.source] : undefined;
  return (
    <li className="card">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 className="text-lg">
          <span className="block text-sm font-semibold text-slate-700">
            {t("attempt.questionOf", { n: number, count: result.maxPoints })}
          </span>
          <span lang={result.locale}>{question.prompt}</span>
        </h3>
        <span className={`rounded-full border px-2.5 py-0.5 text-sm font-semibold ${outcomeClass[question.outcome]}`}>
          {t(`result.outcome.${question.outcome}`)}
        </span>
      </div>
      <ul className="mt-3 space-y-1">
        {question.options.map((option) => (
          <li
            key={option.id}
            className={`rounded border p-2 ${option.correct ? "border-green-700" : option.chosen ? "border-slate-500" : "border-slate-200"}`}
          >
            <span lang={result.locale}>{option.text}</span>
            {option.chosen ? <span className="badge ml-2">{t("result.yourChoice")}</span> : null}
            {option.correct ? (
              <span className="ml-2 inline-block rounded-full bg-green-100 px-2.5 py-0.5 text-sm font-semibold text-green-900">
                {t("result.rightAnswer")}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {question.explanation ? (
        <div className="mt-3 rounded bg-slate-50 p-3">
          <p>
            <strong>{t("result.explanation")}:</strong> <span lang={result.locale}>{question.explanation}</span>
          </p>
          {source ? (
            <p className="mt-1 text-sm">
              {t("result.source")}:{" "}
              {source.url ? (
                <a href={source.url} title={source.title ?? undefined} rel="noreferrer" target="_blank">
                  {source.label}
                </a>
              ) : (
                source.label
              )}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Review() {
  const { result } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  const { review } = result;
  const note =
    review.level === "score"
      ? t("result.reviewScoreOnly")
      : review.level === "answers"
        ? t("result.reviewFull")
        : result.reviewPolicy === "answers-after-pass"
          ? t("result.reviewAfterPass")
          : t("result.reviewWrongOnly");
  let number = 0;
  return (
    <section aria-labelledby="review-title" className="mt-8">
      <h2 id="review-title">{t("result.reviewTitle")}</h2>
      <p className="mt-2 text-slate-800">{note}</p>
      {review.entries.length ? (
        <ol className="mt-4 space-y-4">
          {review.entries.map((entry) => {
            if (entry.kind === "question") {
              number++;
              return <ReviewedQuestion key={entry.question.id} question={entry.question} number={number} />;
            }
            return (
              <li key={entry.id} className="space-y-3 rounded-lg border-l-4 border-brand-600 bg-brand-50 p-4">
                <p className="font-semibold">{t("attempt.scenario")}</p>
                <p lang={result.locale}>{entry.case}</p>
                <ol className="space-y-3">
                  {entry.items.map((item) => {
                    number++;
                    return <ReviewedQuestion key={item.id} question={item} number={number} />;
                  })}
                </ol>
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

export default function QuizResultPage() {
  const { result } = useLoaderData<typeof loader>();
  const { t } = useTranslation("quiz");
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm">
        <Link to={`/courses/${result.courseSlug}`}>{result.courseTitle}</Link>
      </p>
      <h1 className="mt-2">{t("result.title", { course: result.courseTitle })}</h1>
      <section
        aria-labelledby="outcome-title"
        className={`mt-6 rounded-lg border-2 p-5 ${result.passed ? "border-green-700 bg-green-50" : "border-red-700 bg-red-50"}`}
      >
        <h2 id="outcome-title" className={result.passed ? "text-green-900" : "text-red-900"}>
          {result.passed ? t("result.passed") : t("result.failed")}
        </h2>
        <p className="mt-2 text-lg">
          {t("result.score", { points: result.scorePoints, max: result.maxPoints, percent: result.scorePercent })}
        </p>
        <p className="mt-1">{t("result.passMark", { percent: result.passPercent })}</p>
        {result.status === "expired" ? <p className="mt-2">{t("result.expired")}</p> : null}
        {result.certificate ? (
          result.certificate.revoked ? (
            <p className="mt-3">{t("result.certificateRevoked", { number: result.certificate.number })}</p>
          ) : (
            <p className="mt-3">
              {t("result.certificateIssued")}{" "}
              <Link to={`/certificates/${result.certificate.number}`} className="btn ml-2">
                {t("result.viewCertificate", { number: result.certificate.number })}
              </Link>
            </p>
          )
        ) : null}
      </section>
      <p className="mt-6 flex flex-wrap gap-3">
        <Link to={`/courses/${result.courseSlug}/quiz`} className="btn-secondary">
          {result.passed ? t("result.backToQuiz") : t("result.tryAgain")}
        </Link>
        <Link to={`/courses/${result.courseSlug}`} className="btn-secondary">
          {t("result.toCourse")}
        </Link>
      </p>
      <Review />
    </div>
  );
}
