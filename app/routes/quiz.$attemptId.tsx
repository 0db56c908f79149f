// /quiz/:attemptId: an attempt in progress, all questions on one page. A plain HTML form (radio
// buttons and checkboxes, "save answers" and "submit") that works without JavaScript; with
// JavaScript, answers save themselves as the learner goes and the time left counts down.
// The page only ever receives prompts, option texts and the attempt's opaque option ids (never the
// authored ones, see docs/decisions/012-assessment-integrity.md): grading happens on the server.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSubmit,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatClock, useCountdown } from "~/components/quiz/time";
import { useFormatDateTime } from "~/components/ui";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { getAttemptForLearner, saveAnswers, submitAttempt } from "~/modules/quiz/attempts.server";
import { attemptParamsSchema } from "~/modules/quiz/params";
import { parseQuizForm, questionFieldName } from "~/modules/quiz/quiz-form";
import type { LearnerQuestion } from "~/modules/quiz/snapshot";
import { readFormData } from "~/utils/form.server";
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
  const view = await withDomainErrors(request, () => getAttemptForLearner(user.id, attemptId));
  if (view.state === "closed") throw redirect(`/quiz/${attemptId}/result`);
  const t = await getFixedT(await getLanguage(request, user.locale));
  // Field by field: the attempt view holds nothing secret, and this keeps it that way.
  const { attempt } = view;
  return data(
    {
      title: t("quiz:meta.attempt", { course: attempt.courseTitle }),
      attempt: {
        id: attempt.id,
        courseTitle: attempt.courseTitle,
        locale: attempt.locale,
        entries: attempt.entries,
        answers: attempt.answers,
        questionCount: attempt.questionCount,
        remainingSeconds: attempt.remainingSeconds,
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { attemptId } = parseParams(request, params, attemptParamsSchema);
  const form = parseQuizForm(await readFormData(request));
  if (!form.success)
    return data({ status: "invalid" as const, savedAt: null, remainingSeconds: null }, { status: 400 });
  const { intent, answers, seq } = form.data;
  if (intent === "submit") {
    await withDomainErrors(request, () => submitAttempt(user.id, attemptId, answers));
    throw redirect(`/quiz/${attemptId}/result`);
  }
  const saved = await withDomainErrors(request, () => saveAnswers(user.id, attemptId, answers, new Date(), seq));
  // A save overtaken by a newer one: nothing to do, the newer one holds the answers.
  if (saved.status === "stale")
    return { status: "stale" as const, savedAt: null, remainingSeconds: saved.remainingSeconds };
  if (saved.status !== "saved") throw redirect(`/quiz/${attemptId}/result`);
  return { status: "saved" as const, savedAt: saved.savedAt, remainingSeconds: saved.remainingSeconds };
}

// An autosave changes nothing the page shows: no need to reload the attempt after it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, actionResult, defaultShouldRevalidate }) => {
  const status = (actionResult as { status?: string } | undefined)?.status;
  if (formData?.get("intent") === "save" && (status === "saved" || status === "stale")) return false;
  return defaultShouldRevalidate;
};

function Question({
  question,
  number,
  count,
  chosen,
  locale,
}: {
  question: LearnerQuestion;
  number: number;
  count: number;
  chosen: string[];
  locale: string;
}) {
  const { t } = useTranslation("quiz");
  const multiple = question.type === "multiple";
  const hintId = `hint-${question.id}`;
  return (
    // min-w-0: a fieldset is at least as wide as its content by default, so one long compound word
    // in a question or an option pushed the page sideways at 320 px; words break instead.
    <fieldset className="card min-w-0 break-words" aria-describedby={hintId}>
      <legend className="float-left w-full">
        <span className="block text-sm font-semibold text-slate-700">
          {t("attempt.questionOf", { n: number, count })}
        </span>
        <span className="mt-1 block text-lg font-semibold" lang={locale}>
          {question.prompt}
        </span>
      </legend>
      <p id={hintId} className="clear-both pt-2 text-sm text-slate-700">
        {multiple ? t("attempt.multipleHint") : t("attempt.singleHint")}
      </p>
      <ul className="mt-3 space-y-2">
        {question.options.map((option) => {
          const id = `${question.id}--${option.id}`;
          return (
            <li
              key={option.id}
              className="flex items-start gap-3 rounded border border-slate-200 p-2 hover:bg-slate-50"
            >
              <input
                id={id}
                type={multiple ? "checkbox" : "radio"}
                name={questionFieldName(question.id)}
                value={option.id}
                defaultChecked={chosen.includes(option.id)}
                className="mt-1 h-5 w-5 shrink-0"
              />
              <label htmlFor={id} className="min-w-0 flex-1" lang={locale}>
                {option.text}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function Timer({ seconds, onZero }: { seconds: number | null; onZero: () => void }) {
  const { t } = useTranslation("quiz");
  const left = useCountdown(seconds, onZero);
  if (left === null) return <p className="font-semibold">{t("attempt.noTimeLimit")}</p>;
  const minutes = Math.ceil(left / 60);
  const warn = left > 0 && left <= 300;
  return (
    <div>
      <p className={`font-semibold ${warn ? "text-red-800" : ""}`}>
        {t("attempt.timeLeft")}: <span className="font-mono text-xl">{formatClock(left)}</span>
      </p>
      {/* Announced once per threshold, not every second. */}
      <p className="sr-only" aria-live="polite">
        {left === 0
          ? t("attempt.timeUp")
          : [5, 1].includes(minutes) && left % 60 >= 55
            ? t("attempt.timeWarning", { count: minutes })
            : ""}
      </p>
      <noscript>
        <p className="text-sm text-slate-700">{t("attempt.timeLeftAtLoad", { minutes })}</p>
      </noscript>
    </div>
  );
}

function SaveStatus({
  fetcherState,
  fetcherData,
  actionData,
}: {
  fetcherState: string;
  fetcherData: SaveResult | undefined;
  actionData: SaveResult | undefined;
}) {
  const { t } = useTranslation("quiz");
  const formatDate = useFormatDateTime();
  let message: ReactNode = "";
  const latest = fetcherData ?? actionData;
  if (fetcherState === "submitting") message = t("attempt.saving");
  else if (latest?.status === "saved" && latest.savedAt)
    message = t("attempt.savedAt", { time: formatDate(latest.savedAt, "time") });
  else if (latest?.status === "invalid") message = t("attempt.errors.invalid");
  return (
    <p role="status" className="min-h-6 text-sm text-slate-800">
      {message}
    </p>
  );
}

type SaveResult = { status: "saved" | "stale" | "invalid"; savedAt: string | null; remainingSeconds: number | null };

export default function QuizAttemptPage() {
  const { attempt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SaveResult | undefined;
  const { t, i18n } = useTranslation("quiz");
  const navigation = useNavigation();
  const fetcher = useFetcher<typeof action>();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const debounce = useRef<number | undefined>(undefined);
  const saveSeq = useRef(0);
  const [answered, setAnswered] = useState(() => Object.values(attempt.answers).filter((a) => a.length > 0).length);
  // The server's clock is the judge: each save tells how much time is left.
  const fetcherData = fetcher.data as SaveResult | undefined;
  const serverSeconds = fetcherData?.remainingSeconds ?? actionData?.remainingSeconds ?? attempt.remainingSeconds;

  const countAnswered = () => {
    if (!formRef.current) return;
    const names = new Set<string>();
    for (const input of formRef.current.querySelectorAll<HTMLInputElement>("input:checked")) names.add(input.name);
    setAnswered(names.size);
  };

  const autosave = () => {
    countAnswered();
    window.clearTimeout(debounce.current);
    debounce.current = window.setTimeout(() => {
      if (!formRef.current) return;
      const formData = new FormData(formRef.current);
      formData.set("intent", "save");
      // Numbered so the server can ignore a save that arrives after a newer one.
      saveSeq.current = Math.max(Date.now(), saveSeq.current + 1);
      formData.set("seq", String(saveSeq.current));
      // An explicit action: the timer may fire while the page is already leaving for the result.
      fetcher.submit(formData, { method: "post", action: `/quiz/${attempt.id}` });
    }, 400);
  };
  // Submitting sends every answer, so a pending autosave has nothing left to do; nor after unmount.
  const cancelAutosave = () => window.clearTimeout(debounce.current);
  useEffect(() => {
    const pending = debounce;
    return () => window.clearTimeout(pending.current);
  }, []);

  const timeUp = () => {
    if (!formRef.current) return;
    window.clearTimeout(debounce.current);
    const formData = new FormData(formRef.current);
    formData.set("intent", "submit");
    submit(formData, { method: "post", action: `/quiz/${attempt.id}` });
  };

  let number = 0;
  const submitting = navigation.state !== "idle";
  return (
    <div className="mx-auto max-w-3xl">
      <h1>{t("attempt.title", { course: attempt.courseTitle })}</h1>
      <p className="mt-3 text-slate-800">{t("attempt.instructions")}</p>
      {attempt.locale !== i18n.language ? (
        <p className="mt-2 text-sm text-slate-700">
          {t("attempt.localeNote", {
            language: t(`languageNames.${attempt.locale}`, { defaultValue: attempt.locale }),
          })}
        </p>
      ) : null}
      <div className="sticky top-0 z-10 mt-4 flex flex-wrap items-center justify-between gap-3 border-b border-slate-300 bg-white py-3">
        <Timer seconds={serverSeconds} onZero={timeUp} />
        <div className="text-right">
          <p className="text-sm font-medium">{t("attempt.answered", { answered, count: attempt.questionCount })}</p>
          <SaveStatus fetcherState={fetcher.state} fetcherData={fetcherData} actionData={actionData} />
        </div>
      </div>
      <noscript>
        <p className="mt-4 rounded border border-slate-300 bg-slate-50 p-3">{t("attempt.noscript")}</p>
      </noscript>
      <Form method="post" ref={formRef} onChange={autosave} onSubmit={cancelAutosave} className="mt-6 space-y-6">
        {attempt.entries.map((entry) => {
          if (entry.kind === "question") {
            number++;
            return (
              <Question
                key={entry.question.id}
                question={entry.question}
                number={number}
                count={attempt.questionCount}
                chosen={attempt.answers[entry.question.id] ?? []}
                locale={attempt.locale}
              />
            );
          }
          const from = number + 1;
          const to = number + entry.items.length;
          const headingId = `scenario-${entry.id}`;
          return (
            <section
              key={entry.id}
              aria-labelledby={headingId}
              className="space-y-4 rounded-lg border-l-4 border-brand-600 bg-brand-50 p-4"
            >
              <h2 id={headingId} className="text-xl">
                {t("attempt.scenario")}
              </h2>
              <p lang={attempt.locale}>{entry.case}</p>
              <p className="text-sm text-slate-700">{t("attempt.scenarioQuestions", { from, to })}</p>
              {entry.items.map((item) => {
                number++;
                return (
                  <Question
                    key={item.id}
                    question={item}
                    number={number}
                    count={attempt.questionCount}
                    chosen={attempt.answers[item.id] ?? []}
                    locale={attempt.locale}
                  />
                );
              })}
            </section>
          );
        })}
        <div className="card space-y-3">
          <p className="text-slate-800">{t("attempt.submitHint")}</p>
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="save" className="btn-secondary" disabled={submitting}>
              {t("attempt.save")}
            </button>
            <button type="submit" name="intent" value="submit" className="btn" disabled={submitting}>
              {t("attempt.submit")}
            </button>
          </div>
        </div>
      </Form>
    </div>
  );
}
