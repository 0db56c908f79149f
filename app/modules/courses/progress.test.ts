import { describe, expect, it } from "vitest";
import { computeProgress } from "./progress";

const lessons = ["a", "b", "c", "d"];

describe("computeProgress", () => {
  it("starts at the first lesson with nothing done", () => {
    expect(computeProgress({ lessonSlugs: lessons, completed: [], lastLessonSlug: null })).toEqual({
      total: 4,
      done: 0,
      percent: 0,
      completed: [],
      readyForQuiz: false,
      resumeLessonSlug: "a",
    });
  });

  it("resumes the lesson you were reading when it is not done", () => {
    const p = computeProgress({ lessonSlugs: lessons, completed: ["a"], lastLessonSlug: "c" });
    expect(p.resumeLessonSlug).toBe("c");
    expect(p.percent).toBe(25);
  });

  it("moves on to the next lesson not done after the one you finished, wrapping round", () => {
    expect(computeProgress({ lessonSlugs: lessons, completed: ["a", "b"], lastLessonSlug: "b" }).resumeLessonSlug).toBe(
      "c",
    );
    expect(
      computeProgress({ lessonSlugs: lessons, completed: ["b", "c", "d"], lastLessonSlug: "d" }).resumeLessonSlug,
    ).toBe("a");
  });

  it("is ready for the quiz only when every lesson is done, and never rounds up to 100 %", () => {
    const almost = computeProgress({
      lessonSlugs: ["x", ...Array.from({ length: 199 }, (_, i) => `l${i}`)],
      completed: Array.from({ length: 199 }, (_, i) => `l${i}`),
      lastLessonSlug: null,
    });
    expect(almost.percent).toBe(99);
    expect(almost.readyForQuiz).toBe(false);
    const all = computeProgress({ lessonSlugs: lessons, completed: ["d", "c", "b", "a"], lastLessonSlug: "b" });
    expect(all).toMatchObject({
      done: 4,
      percent: 100,
      readyForQuiz: true,
      completed: ["a", "b", "c", "d"],
      resumeLessonSlug: "b",
    });
  });

  it("ignores completions of lessons that are no longer in the course", () => {
    const p = computeProgress({ lessonSlugs: lessons, completed: ["a", "removed"], lastLessonSlug: "removed" });
    expect(p).toMatchObject({ done: 1, percent: 25, resumeLessonSlug: "b" });
  });
});
