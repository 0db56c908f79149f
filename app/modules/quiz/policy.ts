// The quiz policy per course type (issue 8, docs/decisions/012-assessment-integrity.md). A course's
// `quiz` section in course.json must follow its type's policy; content:check reports every
// departure. Two types:
//   criterion course (criterionCourse: true, the certificate behind the Trygg Kundkontakt criterion):
//     20 scored items, pass 80 %, 40 minutes, 3 attempts per 24 h, 15 min cooldown after a fail,
//     review "answers-after-pass";
//   agent module (every other course): 12 scored items (6 lessons x 2), pass 80 %, 20 minutes,
//     3 attempts per 24 h, 15 min cooldown, review "answers-after-pass".
// For both: questions and options are shuffled, the draw takes from every lesson once, and the
// per-lesson counts differ by at most one (20 over 6 lessons: 4,4,3,3,3,3; over 7: 3,3,3,3,3,3,2).
// A scenario's items count one each, in the draw and in the score (drawQuiz fills each topic's
// count exactly; gradeAnswers gives one point per item).
import type { CourseMeta, QuizPolicy } from "~/modules/courses/course-schema";

export type CourseType = "criterion" | "agent";

export type TypePolicy = {
  /** Scored items per attempt: the sum of the draw counts. */
  items: number;
  passPercent: number;
  timeLimitMinutes: number;
  attemptsPerPeriod: { max: number; periodHours: number };
  cooldownMinutes: number;
  review: QuizPolicy["review"];
  shuffleQuestions: true;
  shuffleOptions: true;
};

const common = {
  passPercent: 80,
  attemptsPerPeriod: { max: 3, periodHours: 24 },
  cooldownMinutes: 15,
  review: "answers-after-pass",
  shuffleQuestions: true,
  shuffleOptions: true,
} as const;

export const QUIZ_POLICIES: Readonly<Record<CourseType, TypePolicy>> = {
  criterion: { ...common, items: 20, timeLimitMinutes: 40 },
  agent: { ...common, items: 12, timeLimitMinutes: 20 },
};

export function courseType(meta: Pick<CourseMeta, "criterionCourse">): CourseType {
  return meta.criterionCourse ? "criterion" : "agent";
}

export function quizLength(policy: Pick<QuizPolicy, "draw">): number {
  return policy.draw.reduce((sum, d) => sum + d.count, 0);
}

/** The test's rules as learners are told them, on the course page before they start and on the quiz page. */
export type QuizRules = {
  questionCount: number;
  passPercent: number;
  timeLimitMinutes: number | null;
  attemptsPerPeriod: { max: number; periodHours: number };
  cooldownMinutes: number;
  review: QuizPolicy["review"];
};

export function quizRules(quiz: QuizPolicy): QuizRules {
  return {
    questionCount: quizLength(quiz),
    passPercent: quiz.passPercent,
    timeLimitMinutes: quiz.timeLimitMinutes,
    attemptsPerPeriod: quiz.attemptsPerPeriod,
    cooldownMinutes: quiz.cooldownMinutes,
    review: quiz.review,
  };
}

export type PolicyProblem = { path: Array<string | number>; message: string };

/** Departures of a course's quiz settings from its type's policy (empty when it follows it). */
export function checkQuizPolicy(
  meta: Pick<CourseMeta, "criterionCourse" | "quiz">,
  lessonSlugs: readonly string[],
): PolicyProblem[] {
  const type = courseType(meta);
  const want = QUIZ_POLICIES[type];
  const name = type === "criterion" ? "the criterion course" : "an agent module";
  const quiz = meta.quiz;
  const problems: PolicyProblem[] = [];
  const same = <
    K extends "passPercent" | "timeLimitMinutes" | "cooldownMinutes" | "review" | "shuffleQuestions" | "shuffleOptions",
  >(
    key: K,
  ) => {
    if ((quiz[key] as unknown) !== want[key])
      problems.push({
        path: ["quiz", key],
        message: `quiz.${key} is ${JSON.stringify(quiz[key])}; the policy for ${name} is ${JSON.stringify(want[key])}`,
      });
  };
  same("passPercent");
  same("timeLimitMinutes");
  same("cooldownMinutes");
  same("review");
  same("shuffleQuestions");
  same("shuffleOptions");
  if (
    quiz.attemptsPerPeriod.max !== want.attemptsPerPeriod.max ||
    quiz.attemptsPerPeriod.periodHours !== want.attemptsPerPeriod.periodHours
  ) {
    problems.push({
      path: ["quiz", "attemptsPerPeriod"],
      message: `quiz.attemptsPerPeriod is ${quiz.attemptsPerPeriod.max} per ${quiz.attemptsPerPeriod.periodHours} h; the policy for ${name} is ${want.attemptsPerPeriod.max} per ${want.attemptsPerPeriod.periodHours} h`,
    });
  }
  const total = quizLength(quiz);
  if (total !== want.items) {
    problems.push({
      path: ["quiz", "draw"],
      message: `the quiz draws ${total} items; the policy for ${name} is ${want.items} scored items per attempt (a scenario's items count one each)`,
    });
  }
  const drawn = new Set(quiz.draw.map((d) => d.topic));
  const missing = lessonSlugs.filter((slug) => !drawn.has(slug));
  if (missing.length)
    problems.push({
      path: ["quiz", "draw"],
      message: `the quiz draws nothing from lesson${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}; every lesson is drawn from`,
    });
  const counts = quiz.draw.map((d) => d.count);
  if (counts.length && Math.max(...counts) - Math.min(...counts) > 1) {
    problems.push({
      path: ["quiz", "draw"],
      message: `the draw counts (${counts.join(", ")}) are uneven; per the policy they differ by at most 1 between lessons (e.g. ${balancedCounts(want.items, counts.length).join(", ")})`,
    });
  }
  return problems;
}

/** `items` spread over `topics` as evenly as possible, larger counts first. */
export function balancedCounts(items: number, topics: number): number[] {
  if (topics <= 0) return [];
  return Array.from({ length: topics }, (_, i) => Math.floor(items / topics) + (i < items % topics ? 1 : 0));
}
