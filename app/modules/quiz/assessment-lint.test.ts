// The assessment lint, rule by rule: for each rule a small bank that breaks it and one that passes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ALL_STRATEGIES,
  formatFigures,
  keyIsUniquely,
  lintAssessments,
  normalizedWords,
  randomPassProbability,
  strategyAnswers,
  type LintCourse,
} from "./assessment-lint";
import { gradeAnswers } from "./grading";
import { questionBankSchema, type AnswerableQuestion, type BankEntry, type QuestionBank } from "./question-bank-schema";
import { buildSnapshot } from "./snapshot";
import { basePolicy } from "./test-fixtures";

const LETTERS = ["a", "b", "c", "d"];

/** A single-choice item in its own words: four options of equal length, the key at `keyAt`. */
function single(n: number, keyAt = n % 4, lengths: number[] = [8, 8, 8, 8]): AnswerableQuestion {
  const word = (lang: string, letter: string, length: number) => `${lang}${n}${letter}`.padEnd(length, "z");
  return {
    id: `q-${n}`,
    type: "single",
    kind: "application",
    prompt: { sv: `Fall x${n} y${n}?`, en: `Case x${n} y${n}?` },
    options: LETTERS.map((letter, i) => ({
      id: letter,
      text: { sv: word("s", letter, lengths[i]!), en: word("e", letter, lengths[i]!) },
      correct: i === keyAt,
    })),
    explanation: { sv: "Därför.", en: "Because." },
    source: "sfs-2005-59",
  };
}

function trueFalse(n: number, keyedTrue: boolean): AnswerableQuestion {
  return {
    id: `tf-${n}`,
    type: "truefalse",
    kind: "application",
    prompt: { sv: `Påstående p${n} r${n}.`, en: `Statement p${n} r${n}.` },
    options: [
      { id: "true", text: { sv: "Sant", en: "True" }, correct: keyedTrue },
      { id: "false", text: { sv: "Falskt", en: "False" }, correct: !keyedTrue },
    ],
    explanation: { sv: "Därför.", en: "Because." },
    source: "sfs-2005-59",
  };
}

const entry = (q: AnswerableQuestion): BankEntry => ({ ...q, topic: "t" }) as BankEntry;

/** 20 single-choice items (key rotating over the positions) and 4 true/false items, 2 keyed true. */
function goodItems(): AnswerableQuestion[] {
  return [
    ...Array.from({ length: 20 }, (_, n) => single(n)),
    trueFalse(1, true),
    trueFalse(2, false),
    trueFalse(3, true),
    trueFalse(4, false),
  ];
}

function course(items: AnswerableQuestion[], overrides: Partial<LintCourse> = {}): LintCourse {
  const bank: QuestionBank = questionBankSchema.parse({ questions: items.map(entry) });
  return {
    slug: "kurs",
    file: "content/courses/kurs/questions.json",
    criterion: false,
    policy: { ...basePolicy, passPercent: 80, draw: [{ topic: "t", count: 12 }] },
    languages: ["sv", "en"],
    bank,
    ...overrides,
  };
}

const lint = (courses: LintCourse[]) => lintAssessments(courses, { draws: 200 });
const byRule = (courses: LintCourse[], rule: number) => lint(courses).findings.filter((f) => f.rule === rule);

describe("the passing bank", () => {
  it("breaks no rule and its figures say why", () => {
    const { findings, figures } = lint([course(goodItems())]);
    expect(findings).toEqual([]);
    const [f] = figures;
    expect(f).toMatchObject({
      items: 24,
      singles: 20,
      trueFalse: 4,
      longestKey: 0,
      shortestKey: 0,
      trueShare: 0.5,
      draws: 200,
      drawError: null,
    });
    expect(f!.maxPosition!.share).toBeCloseTo(0.25);
    for (const rate of Object.values(f!.strategies)) expect(rate).toBeLessThan(0.01);
    const table = formatFigures(figures);
    expect(table[0]).toMatch(
      /^\s+course\s+items\s+key-longest\s+key-shortest\s+tf-true\s+key-pos-max\s+appl min\/mean\s+pass:longest/,
    );
    expect(table[1]).toMatch(
      /kurs\s+24\s+0%\s+0%\s+50%\s+25% @1\s+100%\/100%\s+0%\s+0%\s+0%\s+0%\s+0%\s+0%\s+(<0\.1|0\.\d)%$/,
    );
  });
});

describe("rule 1: every item has a kind", () => {
  it("reports each item without one, scenario items included", () => {
    const items = goodItems();
    delete items[3]!.kind;
    const scenario = {
      id: "s",
      topic: "t",
      type: "scenario",
      case: { sv: "Ett fall f9 g9.", en: "A case f9 g9." },
      items: [{ ...trueFalse(9, true), kind: undefined }, trueFalse(10, false)],
    };
    const bank = questionBankSchema.parse({ questions: [...items.map(entry), scenario] });
    const findings = byRule([course([], { bank })], 1);
    expect(findings.map((f) => f.questionId)).toEqual(["q-3", "tf-9"]);
    expect(findings[0]!.message).toMatch(/"kind" is missing/);
    expect(byRule([course(goodItems())], 1)).toEqual([]);
  });
});

describe("rule 2: the key is the uniquely longest option in at most 30 % of single-choice items", () => {
  it("fails at 7 of 20 (35 %), passes at 6 of 20 (30 %)", () => {
    const longest = (k: number) =>
      goodItems().map((q, n) =>
        q.type === "single" && n < k
          ? single(
              n,
              n % 4,
              LETTERS.map((_, i) => (i === n % 4 ? 12 : 8)),
            )
          : q,
      );
    const findings = byRule([course(longest(7))], 2);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/uniquely longest option in 7 of 20 single-choice items \(35 %, sv\)/),
      expect.stringMatching(/7 of 20 .*\(35 %, en\)/),
    ]);
    expect(byRule([course(longest(6))], 2)).toEqual([]);
  });

  it("judges each language: a key longest only in English fails in English", () => {
    const items = goodItems().map((q, n) => {
      if (q.type !== "single" || n >= 10) return q;
      return {
        ...q,
        options: q.options.map((o) => (o.correct ? { ...o, text: { sv: o.text.sv, en: `${o.text.en} and more` } } : o)),
      };
    });
    expect(byRule([course(items)], 2).map((f) => f.message)).toEqual([
      expect.stringMatching(/10 of 20 .*\(50 %, en\)/),
    ]);
  });

  it("warns (does not fail) when the key is the uniquely shortest too often", () => {
    const items = goodItems().map((q, n) =>
      q.type === "single" && n < 10
        ? single(
            n,
            n % 4,
            LETTERS.map((_, i) => (i === n % 4 ? 6 : 8)),
          )
        : q,
    );
    const findings = byRule([course(items)], 2);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.severity === "warning" && /uniquely shortest/.test(f.message))).toBe(true);
  });

  it("counts only a unique longest: a tie is no give-away", () => {
    expect(keyIsUniquely(single(1, 0, [10, 10, 8, 8]), "sv", "longest")).toBe(false);
    expect(keyIsUniquely(single(1, 0, [11, 10, 8, 8]), "sv", "longest")).toBe(true);
    expect(keyIsUniquely(single(1, 0, [11, 10, 8, 8]), "fi", "longest")).toBeNull();
  });
});

describe("rule 3: true/false items keyed true 40–60 %", () => {
  it("fails at 1 of 4 and 4 of 4, passes at 2 of 4", () => {
    const withTrue = (k: number) => [
      ...goodItems().filter((q) => q.type === "single"),
      ...[1, 2, 3, 4].map((n) => trueFalse(n, n <= k)),
    ];
    expect(byRule([course(withTrue(1))], 3).map((f) => f.message)).toEqual([
      expect.stringMatching(/1 of 4 true\/false items are keyed true \(25 %\)/),
    ]);
    expect(byRule([course(withTrue(4))], 3)).toHaveLength(1);
    expect(byRule([course(withTrue(2))], 3)).toEqual([]);
  });
});

describe("rule 4: no authored position holds the key in more than 40 % of single-choice items", () => {
  it("fails when position 2 holds 9 of 20 (45 %), passes at 8 of 20 (40 %)", () => {
    const skewed = (k: number) =>
      goodItems().map((q, n) => (q.type === "single" ? single(n, n < k ? 1 : [0, 2, 3][n % 3]!) : q));
    expect(byRule([course(skewed(9))], 4).map((f) => f.message)).toEqual([
      expect.stringMatching(/authored position 2 in 9 of 20 single-choice items \(45 %\)/),
    ]);
    expect(byRule([course(skewed(8))], 4)).toEqual([]);
  });
});

describe("rule 5: no near-identical stems across all banks", () => {
  it("catches the pairs found in the banks of 2 December 2026, naming both items and files", () => {
    const known = JSON.parse(
      readFileSync(join("tests", "fixtures", "assessment", "known-duplicates.json"), "utf8"),
    ) as { courses: Record<string, BankEntry[]> };
    const courses = Object.entries(known.courses).map(([slug, questions]) =>
      course([], {
        slug,
        file: `content/courses/${slug}/questions.json`,
        bank: questionBankSchema.parse({ questions }),
      }),
    );
    const pairs = byRule(courses, 5).map((f) => [f.questionId, f.related!.questionId].sort().join(" = "));
    expect(pairs.sort()).toEqual([
      "etik-insp-5 = insp-lagring-2",
      "insp-lagring-2 = intro-data-3",
      "intro-kund-1 = kol-mfl-5",
    ]);
    const finding = byRule(courses, 5).find(
      (f) => f.questionId === "intro-kund-1" || f.related?.questionId === "intro-kund-1",
    )!;
    expect([finding.file, finding.related!.file].sort()).toEqual([
      "content/courses/introduktion-for-chefer/questions.json",
      "content/courses/kundservice-och-lagen/questions.json",
    ]);
  });

  it("compares across courses and within one, but not the items of one scenario (they share its case)", () => {
    const copy = { ...single(3), id: "other-3" };
    expect(
      byRule(
        [
          course(goodItems()),
          course(
            [copy, ...goodItems().slice(5)].map((q, i) =>
              i === 0 ? q : { ...q, id: `o-${q.id}`, prompt: { sv: `Annat u${i} v${i}?`, en: `Other u${i} v${i}?` } },
            ),
            { slug: "annan", file: "annan.json" },
          ),
        ],
        5,
      ).map((f) => [f.questionId, f.related!.questionId, f.related!.file]),
    ).toEqual([["q-3", "other-3", "annan.json"]]);
    const scenario = {
      id: "s",
      topic: "t",
      type: "scenario",
      case: { sv: "Ett långt gemensamt fall med många ord i sig.", en: "A long shared case with many words in it." },
      items: [trueFalse(7, true), trueFalse(8, false)],
    };
    const bank = questionBankSchema.parse({ questions: [...goodItems().map(entry), scenario] });
    expect(byRule([course([], { bank })], 5)).toEqual([]);
  });

  it("normalises case, punctuation and diacritics, and cuts words to five letters", () => {
    expect([...normalizedWords("Får Säljaren RINGA? – ja, säljarens samtal!")]).toEqual([
      "far",
      "salja",
      "ringa",
      "ja",
      "samta",
    ]);
  });
});

describe("rule 6: the criterion course has at least 60 % application items in every drawn quiz", () => {
  it("fails when some draws fall short, passes when every draw reaches 60 %", () => {
    const withRecall = (k: number) => goodItems().map((q, n) => (n < k ? { ...q, kind: "recall" as const } : q));
    const criterion = (items: AnswerableQuestion[]) => course(items, { criterion: true });
    expect(byRule([criterion(withRecall(6))], 6).map((f) => f.message)).toEqual([
      expect.stringMatching(/of 200 drawn quizzes of the criterion course have fewer than 60 % application items/),
    ]);
    // 4 recall items of 24: a draw of 12 holds at most 4, so at least 67 % application.
    expect(byRule([criterion(withRecall(4))], 6)).toEqual([]);
    // An agent module is not held to it.
    expect(byRule([course(withRecall(24))], 6)).toEqual([]);
  });
});

describe("rule 7: no constant strategy passes 1 % of the draws", () => {
  it("fails a bank whose keys are always the longest option and mostly false", () => {
    const items = goodItems().map((q, n) =>
      q.type === "single"
        ? single(
            n,
            n % 4,
            LETTERS.map((_, i) => (i === n % 4 ? 12 : 8)),
          )
        : trueFalse(n, false),
    );
    const { findings, figures } = lint([course(items)]);
    const rule7 = findings.filter((f) => f.rule === 7).map((f) => f.message);
    expect(rule7).toEqual([
      expect.stringMatching(/"longest" on choice items and "true" .* passes/),
      expect.stringMatching(/"longest" on choice items and "false" .* passes 100 %/),
    ]);
    expect(figures[0]!.rules.longest).toBe(1);
    expect(figures[0]!.rules.false).toBe(1);
  });

  it("fails a bank keyed in the first authored position, passes the balanced one", () => {
    const first = goodItems().map((q, n) => (q.type === "single" ? single(n, 0) : q));
    expect(lint([course(first)]).figures[0]!.rules.first).toBeGreaterThan(0.5);
    expect(byRule([course(first)], 7).length).toBeGreaterThan(0);
    expect(byRule([course(goodItems())], 7)).toEqual([]);
  });

  it("answers with the real opaque ids and grades with the real grading", () => {
    const c = course(goodItems());
    const snapshot = buildSnapshot({
      bank: c.bank,
      policy: c.policy,
      courseSlug: "kurs",
      contentVersion: "1",
      locale: "sv",
      seed: "s",
    });
    const authored = new Map(goodItems().map((q) => [q.id, q]));
    for (const strategy of ALL_STRATEGIES) {
      const answers = strategyAnswers(snapshot, authored, strategy, "sv");
      for (const [questionId, [choice]] of Object.entries(answers)) {
        expect(choice).toMatch(/^o[0-9a-f]{16}$/);
        const q = authored.get(questionId)!;
        const authoredId = snapshot.entries
          .flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]))
          .find((x) => x.id === questionId)!
          .options.find((o) => o.id === choice)!.authoredId;
        if (q.type === "truefalse") expect(authoredId).toBe(strategy.trueFalse);
        if (q.type === "single" && strategy.choice === "first") expect(authoredId).toBe("a");
        if (q.type === "single" && strategy.choice === "last") expect(authoredId).toBe("d");
      }
      expect(gradeAnswers(snapshot, answers).maxPoints).toBe(12);
    }
  });

  it("computes the random guesser's pass probability exactly", () => {
    const c = course(goodItems());
    const snapshot = buildSnapshot({
      bank: c.bank,
      policy: { ...c.policy, passPercent: 1 },
      courseSlug: "kurs",
      contentVersion: "1",
      locale: "sv",
      seed: "s",
    });
    const questions = snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
    // Passing at 1 % needs one right answer: 1 − P(all wrong).
    const allWrong = questions.reduce((p, q) => p * (1 - 1 / q.options.length), 1);
    expect(randomPassProbability(snapshot)).toBeCloseTo(1 - allWrong, 10);
  });

  it("reports a quiz that cannot be drawn instead of simulating it", () => {
    const findings = byRule([course(goodItems(), { policy: { ...basePolicy, draw: [{ topic: "t", count: 99 }] } })], 7);
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/cannot be drawn/)]);
  });
});
