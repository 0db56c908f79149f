// Opaque option ids: what the browser sees of an option instead of its authored id (`a`, `b`, …,
// `true`, `false`). Authored ids say where the author put an option, and authors put the key in
// the same place too often; a learner choosing "b" everywhere must learn nothing from the page.
// An option's opaque id is an HMAC of its question and authored id keyed by the attempt's seed
// (16 random bytes that stay on the server): stable within an attempt (the snapshot can be rebuilt
// from its seed), different in every other attempt, and unguessable without the seed. Server-only.
import { createHmac } from "node:crypto";
import type { Answers } from "./grading";
import type { QuizSnapshot, SnapshotQuestion } from "./snapshot";

/** "o" and 16 hex digits (64 bits): valid in element ids, form values and CSS selectors. */
export const OPAQUE_OPTION_ID = /^o[0-9a-f]{16}$/;

export function opaqueOptionId(seed: string, questionId: string, authoredId: string): string {
  const mac = createHmac("sha256", seed).update(`option\u0000${questionId}\u0000${authoredId}`).digest("hex");
  return `o${mac.slice(0, 16)}`;
}

/** The authored id of an option of a snapshot question (legacy snapshots: their id is the authored one). */
export function authoredOptionId(option: SnapshotQuestion["options"][number]): string {
  return option.authoredId ?? option.id;
}

/**
 * Moves a snapshot of format 1 (options under their authored ids, from before opaque ids) and the
 * answers saved with it to opaque ids. A snapshot that has them already comes back as it is.
 * Answers that do not fit the snapshot are dropped (they could not have been graded either).
 */
export function upgradeToOpaqueIds(
  snapshot: QuizSnapshot,
  answers: Answers,
): { snapshot: QuizSnapshot; answers: Answers; changed: boolean } {
  if (snapshot.format !== 1) return { snapshot, answers, changed: false };
  const renamed = new Map<string, Map<string, string>>();
  const upgrade = (q: SnapshotQuestion): SnapshotQuestion => {
    const ids = new Map(q.options.map((o) => [o.id, opaqueOptionId(snapshot.seed, q.id, o.id)]));
    renamed.set(q.id, ids);
    return {
      ...q,
      options: q.options.map((o) => ({ id: ids.get(o.id)!, authoredId: o.id, text: o.text, correct: o.correct })),
    };
  };
  const upgraded: QuizSnapshot = {
    ...snapshot,
    format: 2,
    entries: snapshot.entries.map((e) =>
      e.kind === "scenario" ? { ...e, items: e.items.map(upgrade) } : { ...e, question: upgrade(e.question) },
    ),
  };
  const newAnswers: Answers = {};
  for (const [questionId, chosen] of Object.entries(answers)) {
    const ids = renamed.get(questionId);
    if (!ids) continue;
    const mapped = chosen.flatMap((id) => ids.get(id) ?? []).sort();
    if (mapped.length) newAnswers[questionId] = mapped;
  }
  return { snapshot: upgraded, answers: newAnswers, changed: true };
}
