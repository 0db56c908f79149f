// The final quiz's rules (questions, pass mark, time limit, attempts per period, cooldown, what
// the result shows), as one definition list: on the course page before the learner starts, and
// on the quiz's own page.
import { useTranslation } from "react-i18next";
import type { QuizRules } from "~/modules/quiz/policy";

export function QuizRulesList({ rules }: { rules: QuizRules }) {
  const { t } = useTranslation("quiz");
  const needed = Math.ceil((rules.passPercent * rules.questionCount) / 100);
  return (
    <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]" data-testid="quiz-rules">
      <dt className="font-semibold">{t("intro.questions")}</dt>
      <dd>{t("intro.questionsValue", { count: rules.questionCount })}</dd>
      <dt className="font-semibold">{t("intro.passMark")}</dt>
      <dd>
        {t("intro.passMarkValue", { percent: rules.passPercent, needed, count: rules.questionCount })}
        <br />
        <span className="text-sm text-slate-700">{t("intro.passMarkNote")}</span>
      </dd>
      <dt className="font-semibold">{t("intro.timeLimit")}</dt>
      <dd>
        {rules.timeLimitMinutes
          ? t("intro.timeLimitValue", { minutes: rules.timeLimitMinutes })
          : t("intro.noTimeLimit")}
      </dd>
      <dt className="font-semibold">{t("intro.attempts")}</dt>
      <dd>
        {t("intro.attemptsValue", { max: rules.attemptsPerPeriod.max, hours: rules.attemptsPerPeriod.periodHours })}
      </dd>
      <dt className="font-semibold">{t("intro.cooldown")}</dt>
      <dd>
        {rules.cooldownMinutes > 0
          ? t("intro.cooldownValue", { minutes: rules.cooldownMinutes })
          : t("intro.noCooldown")}
      </dd>
      <dt className="font-semibold">{t("intro.review")}</dt>
      <dd>{t(`intro.reviewPolicy.${rules.review}`)}</dd>
    </dl>
  );
}
