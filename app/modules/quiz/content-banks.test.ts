// Every course's question bank as shipped: valid, able to fill its quiz policy exactly, and
// drawable for any seed (the quiz engine refuses to start an attempt otherwise). Whether the banks
// are good enough (pool sizes, the assessment lint) is content:check's verdict, not this file's.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { courseMetaSchema, parseLessonFileName } from "~/modules/courses/course-schema";
import { bankPolicyProblems, questionBankSchema } from "./question-bank-schema";
import { buildSnapshot, learnerView, snapshotQuestions } from "./snapshot";

const coursesDir = join(process.cwd(), "content", "courses");
const courses = readdirSync(coursesDir).filter(
  (slug) => existsSync(join(coursesDir, slug, "questions.json")) && existsSync(join(coursesDir, slug, "course.json")),
);

describe.each(courses)("question bank of %s", (slug) => {
  const course = courseMetaSchema.parse(JSON.parse(readFileSync(join(coursesDir, slug, "course.json"), "utf8")));
  const bank = questionBankSchema.parse(JSON.parse(readFileSync(join(coursesDir, slug, "questions.json"), "utf8")));
  const lessons = [
    ...new Set(readdirSync(join(coursesDir, slug, "lessons")).flatMap((f) => parseLessonFileName(f)?.slug ?? [])),
  ];

  it("fits the course's quiz policy and lessons well enough to be drawn", () => {
    expect(bankPolicyProblems(bank, course.quiz, lessons).filter((p) => p.blocking)).toEqual([]);
  });

  it("draws a full quiz for 300 seeds in every language, with nothing secret in the learner's view", () => {
    const length = course.quiz.draw.reduce((s, d) => s + d.count, 0);
    for (let i = 0; i < 300; i++) {
      const snapshot = buildSnapshot({
        bank,
        policy: course.quiz,
        courseSlug: slug,
        contentVersion: course.version,
        locale: ["sv", "en", "fi"][i % 3]!,
        seed: `seed-${i}`,
      });
      expect(snapshotQuestions(snapshot)).toHaveLength(length);
      expect(JSON.stringify(learnerView(snapshot))).not.toMatch(/"correct"|"explanation"/);
    }
  });
});
