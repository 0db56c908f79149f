import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reviewPolicies } from "~/modules/courses/course-schema";
import { gradeAnswers, type Answers } from "./grading";
import { buildReview, reviewLevel } from "./review";
import { snapshotQuestions } from "./snapshot";
import { shownAnswers, shownId, smallSnapshot } from "./test-fixtures";

const snapshotWith = (review: (typeof reviewPolicies)[number]) => smallSnapshot({ review }, "review");

describe("reviewLevel", () => {
  it("maps each policy and outcome to what may be shown", () => {
    expect(reviewLevel("score-only", true)).toBe("score");
    expect(reviewLevel("score-only", false)).toBe("score");
    expect(reviewLevel("wrong-only", true)).toBe("wrong");
    expect(reviewLevel("answers-after-pass", false)).toBe("wrong");
    expect(reviewLevel("answers-after-pass", true)).toBe("answers");
    expect(reviewLevel("full", false)).toBe("answers");
  });
});

describe("buildReview", () => {
  const authored: Answers = { "a-1": ["c"], "a-2": ["a"], "b-scen-1": ["b"] };

  it("score-only shows no questions at all", () => {
    const s = snapshotWith("score-only");
    const answers = shownAnswers(s, authored);
    const g = gradeAnswers(s, answers);
    expect(buildReview(s, answers, g.result, g.passed)).toEqual({ level: "score", entries: [] });
  });

  it("wrong-only marks each question right, wrong or unanswered with the learner's choices, and nothing more", () => {
    const s = snapshotWith("wrong-only");
    const answers = shownAnswers(s, authored);
    const g = gradeAnswers(s, answers);
    const review = buildReview(s, answers, g.result, g.passed);
    const questions = review.entries.flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
    expect(Object.fromEntries(questions.map((q) => [q.id, q.outcome]))).toMatchObject({
      "a-1": "correct",
      "a-2": "wrong",
      "a-3": "unanswered",
      "b-scen-1": "correct",
    });
    expect(
      questions
        .find((q) => q.id === "a-2")!
        .options.filter((o) => o.chosen)
        .map((o) => o.id),
    ).toEqual([shownId(s, "a-2", "a")]);
    const json = JSON.stringify(review);
    expect(json).not.toMatch(/"correct":|"explanation"|"source"/);
    expect(json).not.toContain("Explanation");
  });

  it("answers-after-pass withholds the key until passed, then shows answers and explanations", () => {
    const s = snapshotWith("answers-after-pass");
    const answers = shownAnswers(s, authored);
    const failed = gradeAnswers(s, answers);
    expect(JSON.stringify(buildReview(s, answers, failed.result, failed.passed))).not.toMatch(
      /"correct":|"explanation"/,
    );
    const key = Object.fromEntries(
      snapshotQuestions(s).map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
    );
    const passed = gradeAnswers(s, key);
    const review = buildReview(s, key, passed.result, passed.passed);
    expect(review.level).toBe("answers");
    const q = review.entries
      .flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]))
      .find((x) => x.id === "a-2")!;
    expect(q.options.filter((o) => o.correct).map((o) => o.id)).toEqual(
      [shownId(s, "a-2", "a"), shownId(s, "a-2", "d")].sort(),
    );
    expect(q.explanation).toBe("Explanation a-2 (sv)");
    expect(q.source).toBe("sfs-2005-59 2 kap. 1 §");
  });

  it("property: only the answers level carries correct flags or explanations", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...reviewPolicies),
        fc.dictionary(
          fc.constantFrom("a-1", "a-2", "a-3", "a-4", "b-1", "b-2", "b-3", "b-scen-1", "b-scen-2"),
          fc.constantFrom("a", "b", "true").map((c) => [c]),
        ),
        (policy, raw) => {
          const s = snapshotWith(policy);
          const fits = Object.fromEntries(
            Object.entries(raw).filter(([id, [choice]]) =>
              snapshotQuestions(s)
                .find((q) => q.id === id)!
                .options.some((o) => o.authoredId === choice),
            ),
          );
          const answers = shownAnswers(s, fits);
          const g = gradeAnswers(s, answers);
          const review = buildReview(s, answers, g.result, g.passed);
          const leaks = /"correct":|"explanation"/.test(JSON.stringify(review));
          expect(leaks).toBe(review.level === "answers");
          expect(review.level).toBe(reviewLevel(policy, g.passed));
        },
      ),
    );
  });
});
