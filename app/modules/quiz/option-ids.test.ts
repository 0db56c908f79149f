import { describe, expect, it } from "vitest";
import { gradeAnswers, InvalidAnswersError, normalizeAnswers } from "./grading";
import { withDomainErrors } from "~/utils/http.server";
import { authoredOptionId, OPAQUE_OPTION_ID, opaqueOptionId, upgradeToOpaqueIds } from "./option-ids";
import {
  buildSnapshot,
  learnerView,
  quizSnapshotSchema,
  snapshotQuestions,
  type QuizSnapshot,
  type SnapshotQuestion,
} from "./snapshot";
import { basePolicy, shownAnswers, smallBank } from "./test-fixtures";

const policy = {
  ...basePolicy,
  draw: [
    { topic: "alpha", count: 4 },
    { topic: "beta", count: 5 },
  ],
};
const snapshot = (seed: string) =>
  buildSnapshot({ bank: smallBank(), policy, courseSlug: "kurs", contentVersion: "1", locale: "sv", seed });
const AUTHORED = new Set(["a", "b", "c", "d", "e", "true", "false"]);

/** A snapshot as attempts started before opaque ids stored it (format 1: authored ids only). */
function legacy(s: QuizSnapshot): QuizSnapshot {
  const strip = (q: SnapshotQuestion): SnapshotQuestion => ({
    ...q,
    options: q.options.map((o) => ({ id: o.authoredId!, text: o.text, correct: o.correct })),
  });
  return {
    ...s,
    format: 1,
    entries: s.entries.map((e) =>
      e.kind === "scenario" ? { ...e, items: e.items.map(strip) } : { ...e, question: strip(e.question) },
    ),
  };
}

describe("opaque option ids", () => {
  it("replace the authored ids in what the browser sees, for every option of every question", () => {
    const s = snapshot("seed-1");
    const shown = learnerView(s).flatMap((e) => (e.kind === "scenario" ? e.items : [e.question]));
    for (const q of shown) {
      for (const o of q.options) {
        expect(o.id).toMatch(OPAQUE_OPTION_ID);
        expect(AUTHORED.has(o.id)).toBe(false);
      }
    }
    expect(JSON.stringify(learnerView(s))).not.toContain("authoredId");
  });

  it("are stable within an attempt: rebuilding the snapshot from its seed gives the same ids", () => {
    const a = snapshot("seed-1");
    expect(snapshot("seed-1")).toEqual(a);
    for (const q of snapshotQuestions(a))
      for (const o of q.options) expect(o.id).toBe(opaqueOptionId("seed-1", q.id, o.authoredId!));
  });

  it("differ across attempts: no option keeps its id under another seed", () => {
    const ids = (s: QuizSnapshot) =>
      new Map(snapshotQuestions(s).flatMap((q) => q.options.map((o) => [`${q.id}/${o.authoredId}`, o.id] as const)));
    const one = ids(snapshot("seed-1"));
    for (let i = 2; i < 30; i++) {
      const other = ids(snapshot(`seed-${i}`));
      for (const [key, id] of other) if (one.has(key)) expect(id).not.toBe(one.get(key));
    }
  });

  it("cannot be guessed without the seed: the same question and option under two seeds share no structure", () => {
    const a = opaqueOptionId("0123456789abcdef0123456789abcdef", "intro-kund-1", "b");
    const b = opaqueOptionId("0123456789abcdef0123456789abcdeg", "intro-kund-1", "b");
    expect(a).not.toBe(b);
    // Nothing of the authored id or the question id survives in the opaque id.
    expect(a).not.toContain("intro");
    // Within a question the ids carry no order: they are not sorted like the authored ids.
    const orders = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const ids = ["a", "b", "c", "d"].map((o) => opaqueOptionId(`seed-${i}`, "q", o));
      orders.add(ids.map((id) => [...ids].sort().indexOf(id)).join(""));
    }
    expect(orders.size).toBeGreaterThan(10);
  });

  it("are the only ids grading accepts: authored ids and made-up ids are refused as bad input", () => {
    const s = snapshot("seed-1");
    const key = shownAnswers(
      s,
      Object.fromEntries(
        snapshotQuestions(s).map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.authoredId!)]),
      ),
    );
    expect(gradeAnswers(s, normalizeAnswers(s, key))).toMatchObject({ scorePercent: 100, passed: true });
    const byAuthored = Object.fromEntries(
      snapshotQuestions(s).map((q) => [q.id, [q.options.find((o) => o.correct)!.authoredId!]]),
    );
    expect(() => normalizeAnswers(s, byAuthored)).toThrow(InvalidAnswersError);
    expect(() => normalizeAnswers(s, { "a-1": ["o0000000000000000"] })).toThrow(InvalidAnswersError);
  });

  it("bad ids become a 400 response, not a server error", async () => {
    const s = snapshot("seed-1");
    const request = new Request("http://localhost/quiz/x", { headers: { "accept-language": "en" } });
    const response = await withDomainErrors(request, async () => normalizeAnswers(s, { "a-1": ["b"] })).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(400);
    expect(await (response as Response).text()).toBe(
      "The answers do not fit this quiz. Reload the page and answer again.",
    );
  });
});

describe("upgradeToOpaqueIds (attempts started before opaque ids)", () => {
  it("moves a format-1 snapshot and its saved answers to the ids a new snapshot from the same seed has", () => {
    const current = snapshot("seed-7");
    const old = legacy(current);
    expect(quizSnapshotSchema.parse(old)).toEqual(old);
    const saved = { "a-1": ["c"], "a-2": ["d", "a"], "b-2": ["true"], gone: ["a"], "a-4": ["zz"] };
    const { snapshot: upgraded, answers, changed } = upgradeToOpaqueIds(old, saved);
    expect(changed).toBe(true);
    expect(upgraded).toEqual(current);
    expect(answers).toEqual(shownAnswers(current, { "a-1": ["c"], "a-2": ["a", "d"], "b-2": ["true"] }));
    // Grading the upgraded attempt gives what grading the old one gave.
    expect(gradeAnswers(upgraded, answers).scorePoints).toBe(
      gradeAnswers(old, { "a-1": ["c"], "a-2": ["a", "d"], "b-2": ["true"] }).scorePoints,
    );
  });

  it("leaves a current snapshot alone; authoredOptionId reads both formats", () => {
    const current = snapshot("seed-7");
    expect(upgradeToOpaqueIds(current, {})).toEqual({ snapshot: current, answers: {}, changed: false });
    const q = snapshotQuestions(current)[0]!;
    expect(authoredOptionId(q.options[0]!)).toBe(q.options[0]!.authoredId);
    expect(authoredOptionId(snapshotQuestions(legacy(current))[0]!.options[0]!)).toBe(q.options[0]!.authoredId);
  });
});
