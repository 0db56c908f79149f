import { describe, expect, it } from "vitest";
import type { QuizPolicy } from "~/modules/courses/course-schema";
import { balancedCounts, checkQuizPolicy, courseType, QUIZ_POLICIES } from "./policy";

const lessons = ["l1", "l2", "l3", "l4", "l5", "l6"];
const quiz = (counts: number[], over: Partial<QuizPolicy> = {}): QuizPolicy => ({
  draw: counts.map((count, i) => ({ topic: lessons[i]!, count })),
  passPercent: 80,
  shuffleQuestions: true,
  shuffleOptions: true,
  attemptsPerPeriod: { max: 3, periodHours: 24 },
  cooldownMinutes: 15,
  timeLimitMinutes: 20,
  review: "answers-after-pass",
  ...over,
});

describe("quiz policy per course type", () => {
  it("is 20 items / 40 min for the criterion course and 12 items / 20 min for agent modules, otherwise alike", () => {
    expect(courseType({ criterionCourse: true })).toBe("criterion");
    expect(courseType({ criterionCourse: false })).toBe("agent");
    expect(QUIZ_POLICIES.criterion).toMatchObject({
      items: 20,
      timeLimitMinutes: 40,
      passPercent: 80,
      cooldownMinutes: 15,
      review: "answers-after-pass",
      attemptsPerPeriod: { max: 3, periodHours: 24 },
    });
    expect(QUIZ_POLICIES.agent).toMatchObject({
      items: 12,
      timeLimitMinutes: 20,
      passPercent: 80,
      cooldownMinutes: 15,
      review: "answers-after-pass",
      attemptsPerPeriod: { max: 3, periodHours: 24 },
    });
  });

  it("accepts an agent module drawing 2 from each of its 6 lessons, and the criterion course 4,4,3,3,3,3 in 40 minutes", () => {
    expect(checkQuizPolicy({ criterionCourse: false, quiz: quiz([2, 2, 2, 2, 2, 2]) }, lessons)).toEqual([]);
    expect(
      checkQuizPolicy({ criterionCourse: true, quiz: quiz([3, 4, 3, 3, 4, 3], { timeLimitMinutes: 40 }) }, lessons),
    ).toEqual([]);
  });

  it("reports every departure at the setting's path", () => {
    const problems = checkQuizPolicy(
      {
        criterionCourse: false,
        quiz: quiz([4, 2, 2, 2, 2], {
          passPercent: 75,
          timeLimitMinutes: null,
          cooldownMinutes: 10,
          review: "full",
          shuffleOptions: false,
          attemptsPerPeriod: { max: 5, periodHours: 24 },
        }),
      },
      lessons,
    );
    expect(problems.map((p) => p.path.join("."))).toEqual([
      "quiz.passPercent",
      "quiz.timeLimitMinutes",
      "quiz.cooldownMinutes",
      "quiz.review",
      "quiz.shuffleOptions",
      "quiz.attemptsPerPeriod",
      // 12 items in all, as it should, but not from every lesson and not evenly.
      "quiz.draw",
      "quiz.draw",
    ]);
    expect(problems.map((p) => p.message)).toContain("quiz.passPercent is 75; the policy for an agent module is 80");
    expect(problems.map((p) => p.message)).toContain(
      'the quiz draws nothing from lesson "l6"; every lesson is drawn from',
    );
    expect(problems.find((p) => /uneven/.test(p.message))!.message).toMatch(/\(4, 2, 2, 2, 2\).*e\.g\. 3, 3, 2, 2, 2/);
  });

  it("holds the criterion course to 20 items", () => {
    expect(
      checkQuizPolicy({ criterionCourse: true, quiz: quiz([2, 2, 2, 2, 2, 2], { timeLimitMinutes: 40 }) }, lessons).map(
        (p) => p.message,
      ),
    ).toEqual([
      "the quiz draws 12 items; the policy for the criterion course is 20 scored items per attempt (a scenario's items count one each)",
    ]);
  });

  it("spreads items evenly: 20 over 6 and over 7 lessons", () => {
    expect(balancedCounts(20, 6)).toEqual([4, 4, 3, 3, 3, 3]);
    expect(balancedCounts(20, 7)).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(balancedCounts(12, 6)).toEqual([2, 2, 2, 2, 2, 2]);
  });
});
