// The assessment lint (issue 8; docs/decisions/012-assessment-integrity.md): can a quiz be passed
// without knowing the subject? Pure checks over every course's question bank, run by
// `npm run content:check`, per the rules every bank must meet:
//   1. every answerable item (top level and in scenarios) has a `kind`: recall or application;
//   2. in single-choice items the key is the uniquely longest option (by characters) in at most
//      30 % of them, in every language present (uniquely shortest over 30 %: a warning);
//   3. true/false items are keyed true in 40–60 % of them;
//   4. no authored position (1st, 2nd, … option) holds the key in more than 40 % of single-choice items;
//   5. no two items across all banks are near-duplicates (see `stemSimilarity` below);
//   6. the criterion course: at least 60 % application items in every drawn quiz;
//   7. guessing: over 2,000 seeded draws (the real draw, the real grading), every constant
//      strategy passes in under 1 % of the draws.
// It also returns figures per course (shares, pass rates) for content:check to print.
import type { QuizPolicy } from "~/modules/courses/course-schema";
import { gradeAnswers, isPassing, type Answers } from "./grading";
import { authoredOptionId } from "./option-ids";
import type { AnswerableQuestion, QuestionBank } from "./question-bank-schema";
import { buildSnapshot, snapshotQuestions, type QuizSnapshot, type SnapshotQuestion } from "./snapshot";

export const LINT_THRESHOLDS = {
  /** Rule 2: share of single-choice items whose key is the uniquely longest option. */
  longestKeyMax: 0.3,
  /** Rule 2 (warning): the same for the uniquely shortest option. */
  shortestKeyMax: 0.3,
  /** Rule 3: share of true/false items keyed true. */
  trueMin: 0.4,
  trueMax: 0.6,
  /** Rule 4: share of single-choice items keyed at any one authored position. */
  positionMax: 0.4,
  /** Rule 6: share of application items in every drawn quiz of the criterion course. */
  applicationMin: 0.6,
  /** Rule 7: share of draws a constant strategy may pass (strictly below). */
  guessPassMax: 0.01,
  /** Rule 7: how many seeded draws the simulation grades. */
  draws: 2000,
} as const;

/** Rule 5: when two items count as the same question (see stemSimilarity). */
export const SIMILARITY = {
  /** Stems this similar are near-identical on their own. */
  stem: 0.5,
  /** Stems this similar are near-identical when the items also ask for the same answer … */
  stemWithSameAnswer: 0.25,
  /** … the key's words contained in the other key's words (keys of at least 3 words) … */
  keyContainment: 0.8,
  /** … or the options as a whole this similar. */
  options: 0.4,
} as const;

export type LintCourse = {
  slug: string;
  /** questions.json of the course, as it should be reported. */
  file: string;
  criterion: boolean;
  policy: QuizPolicy;
  /** Languages the course is offered in (every lesson exists in them); Swedish at least. */
  languages: readonly string[];
  bank: QuestionBank;
};

export type LintFinding = {
  course: string;
  file: string;
  /** The item the finding is about (its line), or null for the bank as a whole. */
  questionId: string | null;
  severity: "error" | "warning";
  rule: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  message: string;
  /** Rule 5: the other item. */
  related?: { file: string; questionId: string };
};

export const CHOICE_RULES = ["longest", "shortest", "first", "last"] as const;
export const TRUE_FALSE_RULES = ["true", "false"] as const;
export type ChoiceRule = (typeof CHOICE_RULES)[number];
export type TrueFalseRule = (typeof TRUE_FALSE_RULES)[number];
/** A constant guessing strategy: one rule for single/multiple-choice items, one for true/false items. */
export type Strategy = { choice: ChoiceRule; trueFalse: TrueFalseRule };

export type CourseFigures = {
  course: string;
  /** Scored items in the bank (scenario items one each) and how many are single-choice / true-false. */
  items: number;
  singles: number;
  trueFalse: number;
  /** Share of single-choice items whose key is the uniquely longest option: the worst language. */
  longestKey: number | null;
  shortestKey: number | null;
  /** Share of true/false items keyed true. */
  trueShare: number | null;
  /** The authored position (1-based) holding the key most often in single-choice items, and its share. */
  maxPosition: { position: number; share: number } | null;
  /** Share of items with kind "application" over the seeded draws. */
  application: { min: number; mean: number } | null;
  /** Pass rate per strategy over the seeded draws: "longest+true" etc. */
  strategies: Record<string, number>;
  /** Pass rate of a named rule: the best strategy that uses it (e.g. "true": the best of longest+true, first+true, …). */
  rules: Record<ChoiceRule | TrueFalseRule, number>;
  /** Mean probability of passing by guessing uniformly at random (exact per draw). */
  randomGuess: number | null;
  draws: number;
  /** Why the draws could not be simulated (the bank cannot fill the quiz), if so. */
  drawError: string | null;
};

// ---------- items ----------

type Item = { question: AnswerableQuestion; entryId: string; stemText: Record<string, string> };

function itemsOf(bank: QuestionBank): Item[] {
  return bank.questions.flatMap((entry): Item[] => {
    if (entry.type === "scenario") {
      return entry.items.map((question) => ({
        question,
        entryId: entry.id,
        // A scenario item's own prompt is often generic ("What do you do?"): its stem includes the case.
        stemText: Object.fromEntries(
          Object.entries(question.prompt).flatMap(([l, p]) =>
            p ? [[l, `${(entry.case as Record<string, string | undefined>)[l] ?? entry.case.sv} ${p}`]] : [],
          ),
        ),
      }));
    }
    const { topic: _topic, ...question } = entry;
    return [
      {
        question,
        entryId: entry.id,
        stemText: Object.fromEntries(Object.entries(question.prompt).filter(([, p]) => p)) as Record<string, string>,
      },
    ];
  });
}

function textIn(text: AnswerableQuestion["prompt"], language: string): string | undefined {
  return (text as Record<string, string | undefined>)[language];
}

/** Index of the option the key is, when it is uniquely the longest (or shortest) by characters in `language`. */
export function keyIsUniquely(
  question: AnswerableQuestion,
  language: string,
  which: "longest" | "shortest",
): boolean | null {
  const lengths = question.options.map((o) => textIn(o.text, language)?.length);
  if (lengths.some((l) => l === undefined)) return null;
  const values = lengths as number[];
  const extreme = which === "longest" ? Math.max(...values) : Math.min(...values);
  const at = values.flatMap((l, i) => (l === extreme ? [i] : []));
  return at.length === 1 && question.options[at[0]!]!.correct;
}

// ---------- rule 5: near-identical stems ----------

/** Lowercase, without diacritics or punctuation, as word tokens cut to 5 characters (a light stemmer for sv/en/fi inflection). */
export function normalizedWords(text: string): Set<string> {
  const plain = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  return new Set((plain.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 5)));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

function containment(a: Set<string>, b: Set<string>): number {
  if (Math.min(a.size, b.size) < 3) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

type StemProfile = { stem: Set<string>; key: Set<string> | null; options: Set<string> | null };

const profiles = new WeakMap<Item, Map<string, StemProfile | null>>();

/** The normalised words of an item in a language (computed once per item and language). */
function profile(item: Item, language: string): StemProfile | null {
  let byLanguage = profiles.get(item);
  if (!byLanguage) profiles.set(item, (byLanguage = new Map()));
  if (!byLanguage.has(language)) byLanguage.set(language, computeProfile(item, language));
  return byLanguage.get(language)!;
}

function computeProfile(item: Item, language: string): StemProfile | null {
  const stem = item.stemText[language];
  if (!stem) return null;
  const q = item.question;
  if (q.type === "truefalse") return { stem: normalizedWords(stem), key: null, options: null };
  const texts = (pick: (o: AnswerableQuestion["options"][number]) => boolean) =>
    q.options
      .filter(pick)
      .map((o) => textIn(o.text, language) ?? "")
      .join(" ");
  return {
    stem: normalizedWords(stem),
    key: normalizedWords(texts((o) => o.correct)),
    options: normalizedWords(texts(() => true)),
  };
}

/**
 * Rule 5: are two items the same question? Per language both have: their stems (the prompt; for a
 * scenario item the case and the prompt) compared as normalised word sets (Jaccard). Near-identical
 * when the stems reach 0.5, or reach 0.25 while the items also ask for the same answer (the key's
 * words contained ≥ 0.8 in the other's) or offer the same options (option words ≥ 0.4). Returns the
 * stem similarity and language of the first match, or null.
 */
export function stemSimilarity(a: Item, b: Item): { similarity: number; language: string } | null {
  for (const language of ["sv", "en", "fi"]) {
    const pa = profile(a, language);
    const pb = profile(b, language);
    if (!pa || !pb) continue;
    const similarity = jaccard(pa.stem, pb.stem);
    if (similarity >= SIMILARITY.stem) return { similarity, language };
    if (similarity < SIMILARITY.stemWithSameAnswer || !pa.key || !pb.key || !pa.options || !pb.options) continue;
    if (
      containment(pa.key, pb.key) >= SIMILARITY.keyContainment ||
      jaccard(pa.options, pb.options) >= SIMILARITY.options
    )
      return { similarity, language };
  }
  return null;
}

// ---------- rule 7: guessing ----------

/** The authored id of the option a constant strategy picks in an item. */
export function strategyChoice(authored: AnswerableQuestion, strategy: Strategy, language: string): string {
  if (authored.type === "truefalse") return strategy.trueFalse;
  const options = authored.options;
  let pick = options[0]!;
  if (strategy.choice === "last") pick = options[options.length - 1]!;
  if (strategy.choice === "longest" || strategy.choice === "shortest") {
    const length = (o: (typeof options)[number]) => (textIn(o.text, language) ?? o.text.sv).length;
    for (const o of options) {
      if (strategy.choice === "longest" ? length(o) > length(pick) : length(o) < length(pick)) pick = o;
    }
  }
  return pick.id;
}

/** Per question id, the authored id a strategy picks (a plan, computed once per course). */
type Plan = ReadonlyMap<string, string>;

function planOf(authored: ReadonlyMap<string, AnswerableQuestion>, strategy: Strategy, language: string): Plan {
  return new Map([...authored].map(([id, q]) => [id, strategyChoice(q, strategy, language)]));
}

/** The plan's answers to a snapshot, under the ids the browser would send (the attempt's opaque ids). */
function answersByPlan(questions: readonly SnapshotQuestion[], plan: Plan): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    const want = plan.get(q.id);
    const option = q.options.find((o) => authoredOptionId(o) === want);
    if (option) answers[q.id] = [option.id];
  }
  return answers;
}

/** Answers a snapshot the way a constant strategy would, with the ids the browser would send. */
export function strategyAnswers(
  snapshot: QuizSnapshot,
  authored: ReadonlyMap<string, AnswerableQuestion>,
  strategy: Strategy,
  language: string,
): Answers {
  return answersByPlan(snapshotQuestions(snapshot), planOf(authored, strategy, language));
}

/** Probability of passing a snapshot by guessing uniformly (single/true-false: one option; multiple: a non-empty subset). */
export function randomPassProbability(snapshot: QuizSnapshot): number {
  const questions = snapshotQuestions(snapshot);
  let dist = [1];
  for (const q of questions) {
    const p = q.type === "multiple" ? 1 / (2 ** q.options.length - 1) : 1 / q.options.length;
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((v, k) => {
      next[k]! += v * (1 - p);
      next[k + 1]! += v * p;
    });
    dist = next;
  }
  return dist.reduce((sum, v, k) => (isPassing(k, questions.length, snapshot.passPercent) ? sum + v : sum), 0);
}

export const strategyName = (s: Strategy) => `${s.choice}+${s.trueFalse}`;
export const ALL_STRATEGIES: Strategy[] = CHOICE_RULES.flatMap((choice) =>
  TRUE_FALSE_RULES.map((trueFalse) => ({ choice, trueFalse })),
);

// ---------- the lint ----------

const pct = (share: number) => `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)} %`;
const listIds = (ids: string[], max = 6) =>
  ids.slice(0, max).join(", ") + (ids.length > max ? `, … (${ids.length} in all)` : "");

export function lintAssessments(
  courses: readonly LintCourse[],
  options: { draws?: number } = {},
): { findings: LintFinding[]; figures: CourseFigures[] } {
  const draws = options.draws ?? LINT_THRESHOLDS.draws;
  const findings: LintFinding[] = [];
  const figures: CourseFigures[] = [];
  const allItems: Array<{ course: LintCourse; item: Item }> = [];

  for (const course of courses) {
    const add = (
      rule: LintFinding["rule"],
      questionId: string | null,
      message: string,
      severity: LintFinding["severity"] = "error",
    ) => findings.push({ course: course.slug, file: course.file, questionId, severity, rule, message });
    const items = itemsOf(course.bank);
    for (const item of items) allItems.push({ course, item });
    const singles = items.filter((i) => i.question.type === "single");
    const trueFalse = items.filter((i) => i.question.type === "truefalse");

    // Rule 1
    for (const { question } of items) {
      if (!question.kind)
        add(
          1,
          question.id,
          `question "${question.id}": "kind" is missing: "recall" (remembering a fact) or "application" (applying a rule to a situation)`,
        );
    }

    // Rule 2, per language present
    let longestKey: number | null = null;
    let shortestKey: number | null = null;
    for (const language of course.languages) {
      for (const which of ["longest", "shortest"] as const) {
        const judged = singles
          .map((i) => ({ id: i.question.id, is: keyIsUniquely(i.question, language, which) }))
          .filter((j) => j.is !== null);
        if (!judged.length) continue;
        const hits = judged.filter((j) => j.is).map((j) => j.id);
        const share = hits.length / judged.length;
        if (which === "longest") {
          longestKey = Math.max(longestKey ?? 0, share);
          if (share > LINT_THRESHOLDS.longestKeyMax) {
            add(
              2,
              null,
              `rule 2: the key is the uniquely longest option in ${hits.length} of ${judged.length} single-choice items (${pct(share)}, ${language}); at most ${pct(LINT_THRESHOLDS.longestKeyMax)}: write distractors as long and as specific as the key (${listIds(hits)})`,
            );
          }
        } else {
          shortestKey = Math.max(shortestKey ?? 0, share);
          if (share > LINT_THRESHOLDS.shortestKeyMax) {
            add(
              2,
              null,
              `rule 2: the key is the uniquely shortest option in ${hits.length} of ${judged.length} single-choice items (${pct(share)}, ${language}); keep it under ${pct(LINT_THRESHOLDS.shortestKeyMax)} (${listIds(hits)})`,
              "warning",
            );
          }
        }
      }
    }

    // Rule 3
    let trueShare: number | null = null;
    if (trueFalse.length) {
      const keyedTrue = trueFalse.filter((i) => i.question.options.find((o) => o.id === "true")?.correct).length;
      trueShare = keyedTrue / trueFalse.length;
      if (trueShare < LINT_THRESHOLDS.trueMin || trueShare > LINT_THRESHOLDS.trueMax) {
        add(
          3,
          null,
          `rule 3: ${keyedTrue} of ${trueFalse.length} true/false items are keyed true (${pct(trueShare)}); between ${pct(LINT_THRESHOLDS.trueMin)} and ${pct(LINT_THRESHOLDS.trueMax)} must be`,
        );
      }
    }

    // Rule 4
    let maxPosition: CourseFigures["maxPosition"] = null;
    if (singles.length) {
      const byPosition = new Map<number, string[]>();
      for (const { question } of singles) {
        const position = question.options.findIndex((o) => o.correct) + 1;
        byPosition.set(position, [...(byPosition.get(position) ?? []), question.id]);
      }
      const [position, ids] = [...byPosition].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0]!;
      maxPosition = { position, share: ids.length / singles.length };
      if (maxPosition.share > LINT_THRESHOLDS.positionMax) {
        const spread = [...byPosition]
          .sort((a, b) => a[0] - b[0])
          .map(([p, list]) => `${p}: ${list.length}`)
          .join(", ");
        add(
          4,
          null,
          `rule 4: the key is the option in authored position ${position} in ${ids.length} of ${singles.length} single-choice items (${pct(maxPosition.share)}); at most ${pct(LINT_THRESHOLDS.positionMax)} per position (keys per position ${spread})`,
        );
      }
    }

    // Rules 6 and 7 over the seeded draws, with the real draw (buildSnapshot) and the real grading.
    const figure: CourseFigures = {
      course: course.slug,
      items: items.length,
      singles: singles.length,
      trueFalse: trueFalse.length,
      longestKey,
      shortestKey,
      trueShare,
      maxPosition,
      application: null,
      strategies: {},
      rules: { longest: 0, shortest: 0, first: 0, last: 0, true: 0, false: 0 },
      randomGuess: null,
      draws: 0,
      drawError: null,
    };
    figures.push(figure);
    const authored = new Map(items.map((i) => [i.question.id, i.question]));
    const kinds = new Map(items.map((i) => [i.question.id, i.question.kind]));
    const passes = new Map<string, number>();
    // A length rule guesses in every language of the course: the language it does best in counts.
    const plans = ALL_STRATEGIES.map((strategy) => ({
      strategy,
      name: strategyName(strategy),
      plans: (strategy.choice === "longest" || strategy.choice === "shortest" ? course.languages : ["sv"]).map(
        (language) => planOf(authored, strategy, language),
      ),
    }));
    let applicationMin = 1;
    let applicationSum = 0;
    let applicationShort = 0;
    let randomSum = 0;
    try {
      for (let d = 0; d < draws; d++) {
        const snapshot = buildSnapshot({
          bank: course.bank,
          policy: course.policy,
          courseSlug: course.slug,
          contentVersion: "lint",
          locale: "sv",
          seed: `assessment-lint-${d}`,
        });
        const questions = snapshotQuestions(snapshot);
        const share = questions.filter((q) => kinds.get(q.id) === "application").length / questions.length;
        applicationMin = Math.min(applicationMin, share);
        applicationSum += share;
        if (share < LINT_THRESHOLDS.applicationMin) applicationShort++;
        randomSum += randomPassProbability(snapshot);
        for (const { name, plans: perLanguage } of plans) {
          const passed = perLanguage.some((plan) => gradeAnswers(snapshot, answersByPlan(questions, plan)).passed);
          if (passed) passes.set(name, (passes.get(name) ?? 0) + 1);
        }
        figure.draws++;
      }
    } catch (error) {
      figure.drawError = (error as Error).message;
    }
    if (figure.draws) {
      figure.application = { min: applicationMin, mean: applicationSum / figure.draws };
      figure.randomGuess = randomSum / figure.draws;
      for (const strategy of ALL_STRATEGIES)
        figure.strategies[strategyName(strategy)] = (passes.get(strategyName(strategy)) ?? 0) / figure.draws;
      for (const rule of [...CHOICE_RULES, ...TRUE_FALSE_RULES]) {
        figure.rules[rule] = Math.max(
          ...ALL_STRATEGIES.filter((s) => s.choice === rule || s.trueFalse === rule).map(
            (s) => figure.strategies[strategyName(s)]!,
          ),
        );
      }
      if (course.criterion && applicationMin < LINT_THRESHOLDS.applicationMin) {
        add(
          6,
          null,
          `rule 6: ${applicationShort} of ${figure.draws} drawn quizzes of the criterion course have fewer than ${pct(LINT_THRESHOLDS.applicationMin)} application items (lowest ${pct(applicationMin)}, mean ${pct(figure.application.mean)}); make at least 75 % of the bank application items`,
        );
      }
      for (const strategy of ALL_STRATEGIES) {
        const rate = figure.strategies[strategyName(strategy)]!;
        if (rate >= LINT_THRESHOLDS.guessPassMax) {
          add(
            7,
            null,
            `rule 7: guessing "${strategy.choice}" on choice items and "${strategy.trueFalse}" on true/false items passes ${pct(rate)} of ${figure.draws} drawn quizzes; under ${pct(LINT_THRESHOLDS.guessPassMax)} must`,
          );
        }
      }
    } else if (figure.drawError) {
      add(7, null, `rules 6 and 7: the quiz cannot be drawn, so guessing was not simulated: ${figure.drawError}`);
    }
  }

  // Rule 5 across all banks: each pair once; items of one scenario share their case and are not compared.
  for (let i = 0; i < allItems.length; i++) {
    for (let j = i + 1; j < allItems.length; j++) {
      const a = allItems[i]!;
      const b = allItems[j]!;
      if (a.course === b.course && a.item.entryId === b.item.entryId) continue;
      const match = stemSimilarity(a.item, b.item);
      if (!match) continue;
      findings.push({
        course: a.course.slug,
        file: a.course.file,
        questionId: a.item.question.id,
        severity: "error",
        rule: 5,
        message: `rule 5: question "${a.item.question.id}" and question "${b.item.question.id}" (${b.course.slug}) ask near-identical questions (stem similarity ${match.similarity.toFixed(2)}, ${match.language}); ask each fact once, in its own words per course`,
        related: { file: b.course.file, questionId: b.item.question.id },
      });
    }
  }
  return { findings, figures };
}

/** The figures as a fixed-width table, one line per course (content:check prints it on every run). */
export function formatFigures(figures: readonly CourseFigures[]): string[] {
  const share = (v: number | null | undefined) =>
    v === null || v === undefined
      ? "–"
      : v > 0 && v < 0.001
        ? "<0.1%"
        : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
  // Bank figures, then the pass rates of the guessers over the seeded draws ("pass:true" = the best
  // strategy answering true on every true/false item; "pass:random" = uniform random guessing).
  const header = [
    "course",
    "items",
    "key-longest",
    "key-shortest",
    "tf-true",
    "key-pos-max",
    "appl min/mean",
    "pass:longest",
    "pass:shortest",
    "pass:first",
    "pass:last",
    "pass:true",
    "pass:false",
    "pass:random",
  ];
  const rows = figures.map((f) => [
    f.course,
    String(f.items),
    share(f.longestKey),
    share(f.shortestKey),
    share(f.trueShare),
    f.maxPosition ? `${share(f.maxPosition.share)} @${f.maxPosition.position}` : "–",
    f.application ? `${share(f.application.min)}/${share(f.application.mean)}` : "–",
    ...[...CHOICE_RULES, ...TRUE_FALSE_RULES].map((r) => (f.draws ? share(f.rules[r]) : "–")),
    f.randomGuess === null ? "–" : share(f.randomGuess),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)];
}
