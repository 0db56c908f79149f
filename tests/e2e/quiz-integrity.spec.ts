// Integrity of the quiz before grading: crawls every quiz page and every response the browser
// receives during an attempt (documents, loader data, autosave responses, scripts), plus every
// JavaScript chunk of the build, and looks for the answer key: `"correct": true`, explanation
// texts, and texts of correct options (those that are never the text of a wrong option). Texts of
// options shown in this attempt are expected on its page; everything else must not appear.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page, Response } from "@playwright/test";
// Remix's own wire format for loader data (single fetch); a dependency of @remix-run/server-runtime.
import { decode } from "turbo-stream";
import { createUser, e2eDb, expect, expectNoA11yViolations, settings, signInAs, test } from "./support/fixtures";

const COURSE = "introduktion-for-chefer";
/** Scored items per attempt of the criterion course (app/modules/quiz/policy.ts). */
const QUIZ_LENGTH = 20;

type BankOption = { id: string; text: Record<string, string>; correct: boolean };
type BankQuestion = { id: string; type: string; options: BankOption[]; explanation: Record<string, string> };
type BankEntry = BankQuestion & { items?: BankQuestion[] };

function loadBank(slug: string) {
  const bank = JSON.parse(readFileSync(join("content/courses", slug, "questions.json"), "utf8")) as {
    questions: BankEntry[];
  };
  const questions = bank.questions.flatMap((e) => (e.items ? e.items : [e]));
  // Texts any page of an attempt may legitimately show: wrong options, prompts and cases. A correct
  // option's text found inside one of them ("Sant", or a prefix of a wrong option) proves nothing.
  const harmless = [
    ...questions.flatMap((q) => q.options.filter((o) => !o.correct).flatMap((o) => Object.values(o.text))),
    ...questions.flatMap((q) => Object.values((q as unknown as { prompt: Record<string, string> }).prompt)),
    ...bank.questions.flatMap((e) => Object.values((e as unknown as { case?: Record<string, string> }).case ?? {})),
  ];
  return {
    questions,
    explanations: questions.flatMap((q) => Object.values(q.explanation).map((text) => ({ questionId: q.id, text }))),
    correctTexts: questions.flatMap((q) =>
      q.options
        .filter((o) => o.correct)
        .flatMap((o) =>
          Object.values(o.text)
            .filter((text) => !harmless.some((h) => h.includes(text)))
            .map((text) => ({ questionId: q.id, text })),
        ),
    ),
  };
}

/** Undo the escaping a text may carry in HTML, JSON, turbo-stream or a JS string. */
function normalize(body: string): string {
  return body
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\"/g, '"')
    .replace(/\\'/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Loader data travels as turbo-stream (keys and values deduplicated and referenced by index), in
 * `.data` responses and inlined in documents: decode it, so a `correct: true` shows as JSON.
 */
async function decodedLoaderData(url: string, type: string, body: string): Promise<string[]> {
  return (await decodedValues(url, type, body)).map((value) => JSON.stringify(value));
}

/** The decoded loader and action data of a response (see decodedLoaderData), as values. */
async function decodedValues(url: string, type: string, body: string): Promise<unknown[]> {
  const streams: string[] = [];
  if (/\.data(\?|$)/.test(new URL(url).pathname + new URL(url).search)) streams.push(body);
  if (type.includes("text/html")) {
    const chunks = [...body.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)].map(
      (m) => JSON.parse(m[1]!) as string,
    );
    if (chunks.length) streams.push(chunks.join(""));
  }
  const out: unknown[] = [];
  for (const stream of streams) {
    const decoded = await decode(new Response(stream).body!);
    await decoded.done.catch(() => undefined);
    out.push(decoded.value);
  }
  return out;
}

type Captured = { url: string; type: string; body: string };

/** Records the body of every response the page receives (text-like ones) until stopped. */
function captureResponses(page: Page) {
  const pending: Array<Promise<Captured | null>> = [];
  let on = true;
  const listener = (response: Response) => {
    if (!on) return;
    const type = response.headers()["content-type"] ?? "";
    if (response.status() >= 300 && response.status() < 400) return;
    if (/image|font|octet-stream/.test(type)) return;
    pending.push(
      response
        .body()
        .then((b) => ({ url: response.url(), type, body: b.toString("utf8") }))
        .catch(() => null),
    );
  };
  page.on("response", listener);
  return async () => {
    on = false;
    page.off("response", listener);
    return (await Promise.all(pending)).filter((c): c is Captured => c !== null);
  };
}

function leaks(body: string, bank: ReturnType<typeof loadBank>, shownQuestionIds: Set<string>): string[] {
  const text = normalize(body);
  const found: string[] = [];
  if (/"correct"\s*:\s*true/.test(text)) found.push('"correct": true');
  if (/"correct"\s*:\s*false/.test(text)) found.push('"correct": false');
  for (const e of bank.explanations) if (text.includes(e.text)) found.push(`explanation of ${e.questionId}`);
  for (const c of bank.correctTexts)
    if (!shownQuestionIds.has(c.questionId) && text.includes(c.text))
      found.push(`correct option text of ${c.questionId}: "${c.text.slice(0, 60)}"`);
  return found;
}

async function readyLearner() {
  const course = JSON.parse(readFileSync(join("content/courses", COURSE, "course.json"), "utf8")) as {
    version: string;
  };
  const lessons = [
    ...new Set(
      readdirSync(join("content/courses", COURSE, "lessons")).flatMap(
        (f) => /^\d{2}-(.+)\.sv\.mdx$/.exec(f)?.[1] ?? [],
      ),
    ),
  ];
  const user = await createUser({ name: "Integritet Testsson" });
  await e2eDb().lessonCompletion.createMany({
    data: lessons.map((lessonSlug) => ({
      userId: user.id,
      courseSlug: COURSE,
      contentVersion: course.version,
      lessonSlug,
    })),
  });
  return user;
}

test("no answer key, explanation or correct-option text reaches the browser before grading", async ({
  page,
  context,
}) => {
  const bank = loadBank(COURSE);
  expect(bank.explanations.length).toBeGreaterThan(40);
  expect(bank.correctTexts.length).toBeGreaterThan(40);
  const user = await readyLearner();
  await signInAs(context, user.id);
  const stop = captureResponses(page);

  // Intro page (document), then start (a POST with JavaScript: data request + redirect).
  await page.goto(`/courses/${COURSE}/quiz`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Slutprov");
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const snapshot = attempt.snapshot as {
    entries: Array<{ kind: string; question?: { id: string }; items?: Array<{ id: string }> }>;
  };
  const shown = new Set(
    snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items!.map((i) => i.id) : [e.question!.id])),
  );
  expect(shown.size).toBe(QUIZ_LENGTH);
  await expectNoA11yViolations(page);

  // Answer a few questions: autosave requests go out; then save with the button and reload.
  const groups = page.locator("fieldset");
  await expect(groups).toHaveCount(QUIZ_LENGTH);
  for (let i = 0; i < 4; i++) await groups.nth(i).locator("input").first().check();
  await expect(page.getByRole("status")).toContainText(/Svaren sparades/);
  // The status already says "saved" (the autosave's): wait for this save's own answer before the
  // reload, or the reload can read the answers before the save is written (seen once in CI).
  const saved = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().includes(`/quiz/${attemptId}`),
  );
  await page.getByRole("button", { name: "Spara svar" }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole("status")).toContainText(/Svaren sparades/);
  await page.reload();
  await expect(groups.nth(3).locator("input").first()).toBeChecked();
  // Client-side navigation back and forth fetches loader data too.
  await page.goto(`/courses/${COURSE}/quiz`);
  await page.getByRole("link", { name: "Fortsätt provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}$`));
  await expect(groups).toHaveCount(QUIZ_LENGTH);
  // The result page of an open attempt only sends the learner back to it.
  await page.goto(`/quiz/${attemptId}/result`);
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}$`));

  const captured = await stop();
  const kinds = new Set(captured.map((c) => (c.url.includes(".data") ? "data" : c.type.split(";")[0])));
  expect(kinds).toContain("text/html");
  expect(kinds).toContain("data");
  expect(captured.some((c) => /\/assets\/.+\.js/.test(c.url))).toBe(true);
  const problems: string[] = [];
  let decodedCount = 0;
  for (const c of captured) {
    // Only the attempt's own page and its data may show its options' texts.
    const own = c.url.includes(`/quiz/${attemptId}`);
    const decoded = await decodedLoaderData(c.url, c.type, c.body);
    decodedCount += decoded.length;
    for (const body of [c.body, ...decoded])
      for (const leak of leaks(body, bank, own ? shown : new Set())) problems.push(`${c.url}: ${leak}`);
  }
  expect(problems).toEqual([]);
  // The decoder really saw the attempt's data (documents and .data requests).
  expect(decodedCount).toBeGreaterThan(3);
  const attemptData = (
    await Promise.all(
      captured.filter((c) => c.url.includes(`/quiz/${attemptId}`)).map((c) => decodedLoaderData(c.url, c.type, c.body)),
    )
  ).flat();
  expect(attemptData.some((d) => d.includes(`"id":"${[...shown][0]}"`))).toBe(true);

  // Every JavaScript chunk of the build, loaded or not, carries no bank text at all.
  const assets = join(settings.buildDir, "client", "assets");
  const chunks = readdirSync(assets).filter((f) => f.endsWith(".js"));
  expect(chunks.length).toBeGreaterThan(5);
  for (const chunk of chunks) {
    for (const leak of leaks(readFileSync(join(assets, chunk), "utf8"), bank, new Set()))
      problems.push(`${chunk}: ${leak}`);
    // Minified object literals spell true as !0.
    if (/\bcorrect\s*:\s*(!0|true)\b/.test(readFileSync(join(assets, chunk), "utf8")))
      problems.push(`${chunk}: correct: true`);
    // Not even a prompt: the bank is read only by server code.
    const text = normalize(readFileSync(join(assets, chunk), "utf8"));
    for (const q of bank.questions.slice(0, 10))
      if (text.includes(Object.values((q as unknown as { prompt: Record<string, string> }).prompt)[0]!))
        problems.push(`${chunk}: prompt of ${q.id}`);
  }
  expect(problems).toEqual([]);
});

test("after a failed attempt of an answers-after-pass course, the result shows which were wrong but no key", async ({
  page,
  context,
}) => {
  const bank = loadBank(COURSE);
  const user = await readyLearner();
  await signInAs(context, user.id);
  await page.goto(`/courses/${COURSE}/quiz`);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  const attempt = await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  const snapshot = attempt.snapshot as {
    entries: Array<{ kind: string; question?: { id: string }; items?: Array<{ id: string }> }>;
  };
  const shown = new Set(
    snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items!.map((i) => i.id) : [e.question!.id])),
  );
  const stop = captureResponses(page);
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByRole("heading", { name: "Inte godkänt" })).toBeVisible();
  await expect(page.getByText(`0 av ${QUIZ_LENGTH} rätt (0 %)`)).toBeVisible();
  await expect(page.getByText("Obesvarad")).toHaveCount(QUIZ_LENGTH);
  await expectNoA11yViolations(page);
  await page.reload();
  const captured = await stop();
  const problems: string[] = [];
  for (const c of captured) {
    for (const body of [c.body, ...(await decodedLoaderData(c.url, c.type, c.body))])
      for (const leak of leaks(body, bank, shown)) problems.push(`${c.url}: ${leak}`);
  }
  expect(problems).toEqual([]);
});

type SnapshotOption = { id: string; authoredId?: string; text: string; correct: boolean };
type SnapshotQuestion = { id: string; type: string; options: SnapshotOption[] };
type Snapshot = {
  format: number;
  entries: Array<{ kind: string; question?: SnapshotQuestion; items?: SnapshotQuestion[] }>;
};

/** Attributes of every tag in an HTML body (enough for React's markup: double-quoted values). */
function tags(html: string): Array<{ tag: string; attrs: Record<string, string> }> {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)(\s[^<>]*?)?\/?>/g)].map((m) => ({
    tag: m[1]!.toLowerCase(),
    attrs: Object.fromEntries(
      [...(m[2] ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!.toLowerCase(), normalize(a[2]!)]),
    ),
  }));
}

test("options reach the browser under per-attempt ids only, never the authored ones; answering through the page with the key scores 100 %", async ({
  page,
  context,
}) => {
  const user = await readyLearner();
  await signInAs(context, user.id);
  const stop = captureResponses(page);
  await page.goto(`/courses/${COURSE}/quiz`);
  await page.getByRole("button", { name: "Starta provet" }).click();
  await expect(page).toHaveURL(/\/quiz\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;

  // The key, looked up on the server side: the attempt's snapshot in the database.
  const snapshot = (await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).snapshot as Snapshot;
  expect(snapshot.format).toBe(2);
  const questions = snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items! : [e.question!]));
  expect(questions).toHaveLength(QUIZ_LENGTH);
  const authoredOf = new Map(questions.map((q) => [q.id, new Set(q.options.map((o) => o.authoredId!))]));
  const opaqueOf = new Map(questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
  for (const q of questions)
    for (const o of q.options) expect(o.authoredId, `${q.id}: authored id kept server-side`).toBeTruthy();

  // Answer everything right through the page (autosave runs), reload once, then submit.
  for (const q of questions) {
    for (const o of q.options.filter((x) => x.correct))
      await page.locator(`input[name="q:${q.id}"][value="${o.id}"]`).check();
  }
  await expect(page.getByText(`${QUIZ_LENGTH} av ${QUIZ_LENGTH} frågor besvarade`)).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/Svaren sparades/);
  // "Saved" shows after each debounced save; on a slow machine an earlier save can show it while the
  // last answers are still on their way. Wait until every answer is stored before reloading.
  await expect
    .poll(
      async () =>
        Object.keys(
          (await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers as Record<
            string,
            unknown
          >,
        ).length,
      { timeout: 20_000 },
    )
    .toBe(questions.length);
  // Answering by authored id (the old exploit: "b" everywhere) is a bad request, and changes nothing.
  const savedBefore = (await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers;
  const byAuthoredId = Object.fromEntries(
    questions.map((q) => [`q:${q.id}`, q.options.find((o) => o.correct)!.authoredId!]),
  );
  for (const intent of ["save", "submit"]) {
    const response = await page.request.post(`/quiz/${attemptId}`, { form: { ...byAuthoredId, intent } });
    expect(response.status(), `${intent} by authored ids`).toBe(400);
  }
  expect(await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
    status: "in_progress",
    answers: savedBefore,
  });
  await page.reload();
  await expect(page.locator("input:checked")).toHaveCount(
    questions.reduce((n, q) => n + q.options.filter((o) => o.correct).length, 0),
  );
  await page.getByRole("button", { name: "Lämna in provet" }).click();
  await expect(page).toHaveURL(new RegExp(`/quiz/${attemptId}/result$`));
  await expect(page.getByRole("heading", { name: "Godkänt" })).toBeVisible();
  await expect(page.getByText(`${QUIZ_LENGTH} av ${QUIZ_LENGTH} rätt (100 %)`)).toBeVisible();
  expect(await e2eDb().quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
    status: "graded",
    scorePercent: 100,
    passed: true,
  });

  // Every response from the start of the quiz to the result: where an option id can sit, an authored one never does.
  const captured = await stop();
  const problems: string[] = [];
  let radios = 0;
  let optionObjects = 0;
  for (const c of captured) {
    if (c.type.includes("text/html")) {
      for (const { tag, attrs } of tags(c.body)) {
        if (tag === "input" && (attrs.type === "radio" || attrs.type === "checkbox") && attrs.name?.startsWith("q:")) {
          radios++;
          const questionId = attrs.name.slice(2);
          if (authoredOf.get(questionId)?.has(attrs.value ?? ""))
            problems.push(`${c.url}: <input name="${attrs.name}" value="${attrs.value}"> carries an authored id`);
          if (!opaqueOf.get(questionId)?.has(attrs.value ?? ""))
            problems.push(
              `${c.url}: <input name="${attrs.name}" value="${attrs.value}"> is no option id of this attempt`,
            );
        }
        for (const name of ["id", "for", "name", "value", "aria-describedby"]) {
          const value = attrs[name];
          if (!value) continue;
          // Element ids of options are "<questionId>--<optionId>"; field names "q:<questionId>".
          for (const [questionId, authored] of authoredOf) {
            const rest = value.startsWith(`${questionId}--`)
              ? value.slice(questionId.length + 2)
              : value.startsWith(`q:${questionId}:`)
                ? value.slice(questionId.length + 3)
                : null;
            if (rest !== null && authored.has(rest))
              problems.push(`${c.url}: ${tag} ${name}="${value}" embeds an authored option id`);
          }
        }
      }
    }
    const values = [...(await decodedValues(c.url, c.type, c.body))];
    if (c.type.includes("application/json")) values.push(JSON.parse(c.body) as unknown);
    const walk = (value: unknown, questionId: string | null): void => {
      if (Array.isArray(value)) return value.forEach((v) => walk(v, questionId));
      if (!value || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      const id = typeof record.id === "string" ? record.id : null;
      const here = id && authoredOf.has(id) ? id : questionId;
      if (Array.isArray(record.options) && here) {
        for (const option of record.options as Array<Record<string, unknown>>) {
          optionObjects++;
          // Its id, or any other field but its text, holding an authored id.
          for (const [field, v] of Object.entries(option)) {
            if (field !== "text" && typeof v === "string" && authoredOf.get(here)!.has(v))
              problems.push(`${c.url}: option {${field}: "${v}"} of ${here} carries an authored id`);
          }
        }
      }
      if (record.answers && typeof record.answers === "object" && !Array.isArray(record.answers)) {
        for (const [q, chosen] of Object.entries(record.answers as Record<string, unknown>)) {
          for (const choice of Array.isArray(chosen) ? chosen : [])
            if (authoredOf.get(q)?.has(String(choice)))
              problems.push(`${c.url}: saved answer "${String(choice)}" of ${q} is an authored id`);
        }
      }
      for (const v of Object.values(record)) walk(v, here);
    };
    for (const value of values) walk(value, null);
  }
  expect(problems).toEqual([]);
  // The crawl really saw the options: in documents and in loader data, before and after the reload.
  expect(radios).toBeGreaterThanOrEqual(2 * QUIZ_LENGTH);
  expect(optionObjects).toBeGreaterThanOrEqual(2 * QUIZ_LENGTH * 2);
});
