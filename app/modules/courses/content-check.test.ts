// content:check must pass clean content and fail the broken fixture (tests/fixtures/content-broken)
// with one precise `file:line: message` per planted problem, and a non-zero exit.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkContent } from "./content-check.server";

const fixture = resolve("tests/fixtures/content-broken");
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const expectedErrors = [
  'courses/broken-lessons/course.json:4: title: missing "en" text (the lessons exist in en)',
  "courses/broken-lessons/course.json:12: the quiz draws 2 items; the policy for the criterion course is 20 scored items per attempt (a scenario's items count one each)",
  'courses/broken-lessons/course.json:12: the quiz draws nothing from lesson "vem-far-jag-ringa"; every lesson is drawn from',
  'courses/broken-lessons/course.json:14: the quiz draws from topic "finns-inte", which is no lesson of this course',
  'courses/broken-lessons/course.json:14: topic "finns-inte" has 0 questions; it draws 1, so it needs at least 2',
  "courses/broken-lessons/course.json:21: quiz.timeLimitMinutes is 30; the policy for the criterion course is 40",
  'courses/broken-lessons/course.json:22: quiz.review is "full"; the policy for the criterion course is "answers-after-pass"',
  'courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:7: <LawRef source="no-such-law">: no such key in content/sources.json',
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:7:56: unknown component <Foo> (allowed: Callout, Scenario, Line, Reveal, LawRef, KeyPoints, Checklist, Term, Deepening)",
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:9:1: use ## and ### for headings; the lesson title (#) comes from the front matter",
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:11:1: <Line> belongs directly inside <Scenario>",
  'courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:13:1: <Callout type="danger">: must be one of "info", "warning", "law"',
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:15:1: <Scenario> needs exactly one <Reveal> (found 0)",
  'courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:17:1: <Line speaker="customer">: must be one of "agent", "consumer", "manager", "colleague"',
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:21:14: expressions in { } are not allowed; write plain text (a literal { must be escaped as \\{)",
  'courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:23: image "../media/missing.png": tests/fixtures/content-broken/courses/broken-lessons/media/missing.png does not exist',
  "courses/broken-lessons/lessons/01-oppna-samtalet.en.mdx:23:1: an image needs alternative text: ![what the image shows](…)",
  "courses/broken-lessons/lessons/01-oppna-samtalet.sv.mdx:13:1: MDX: Expected a closing tag for `<Callout>` (13:1-13:38)",
  'courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:1: lesson "vem-far-jag-ringa" is missing in fi (02-vem-far-jag-ringa.fi.mdx); 1 of 2 lessons exist in fi',
  "courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:4: front matter: minutes Expected number, received string",
  'courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:5: front matter: unknown key "extra" (allowed: title, summary, minutes, deepeningMinutes)',
  'courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:10: link "/courses/finns-inte/lessons/x": there is no course "finns-inte"',
  'courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:10: link "/courses/broken-lessons/lessons/saknas": course "broken-lessons" has no lesson "saknas"',
  'courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:12: image "../media/nix.png": tests/fixtures/content-broken/courses/broken-lessons/media/nix.png does not exist',
  "courses/broken-lessons/lessons/02-vem-far-jag-ringa.sv.mdx:14:1: <KeyPoints> must contain a Markdown list (leave a blank line after <KeyPoints>)",
  'courses/broken-lessons/lessons/3-fel-namn.sv.mdx:1: "3-fel-namn.sv.mdx" is not a lesson file name: use NN-lesson-slug.LANG.mdx (LANG sv, en or fi), e.g. 01-oppna-samtalet.sv.mdx',
  "courses/broken-lessons/questions.json:1: the bank holds 2 questions; the quiz draws 2, so it needs at least 4",
  "courses/broken-lessons/questions.json:1: rule 2: the key is the uniquely longest option in 1 of 1 single-choice items (100 %, sv); at most 30 %: write distractors as long and as specific as the key (q-1)",
  "courses/broken-lessons/questions.json:1: rule 3: 1 of 1 true/false items are keyed true (100 %); between 40 % and 60 % must be",
  "courses/broken-lessons/questions.json:1: rule 4: the key is the option in authored position 1 in 1 of 1 single-choice items (100 %); at most 40 % per position (keys per position 1: 1)",
  'courses/broken-lessons/questions.json:1: rules 6 and 7: the quiz cannot be drawn, so guessing was not simulated: The question bank cannot fill topic "finns-inte" with exactly 1 questions (scenarios count as their items).',
  // Both items carry the id "q-1" (reported below): each lacks its kind.
  'courses/broken-lessons/questions.json:4: question "q-1": "kind" is missing: "recall" (remembering a fact) or "application" (applying a rule to a situation)',
  'courses/broken-lessons/questions.json:4: question "q-1": "kind" is missing: "recall" (remembering a fact) or "application" (applying a rule to a situation)',
  'courses/broken-lessons/questions.json:10: questions[0].options[1].text: missing "en" text (the course is offered in sv, en)',
  'courses/broken-lessons/questions.json:17: question id "q-1" is used twice',
  "courses/schema-error/course.json:7: audience: Invalid enum value. Expected 'manager' | 'agent' | 'all', received 'managers'",
  "courses/schema-error/course.json:8: estimatedMinutes: Number must be greater than or equal to 1",
  "courses/schema-error/course.json:11: colour: unknown property (check the spelling)",
  'courses/syntax-error/course.json:5:1: invalid JSON: expected a property name in double quotes, found "}"',
  "sources.json:7: Bad_Key: source keys are lowercase a-z, 0-9 and single hyphens",
  "sources.json:10: Bad_Key.url: Invalid url",
  "sources.json:10: Bad_Key.url: must be an http(s) URL",
].map((line) => `tests/fixtures/content-broken/${line}`);

function runCli(root: string) {
  const dataDir = mkdtempSync(join(tmpdir(), "ka-content-check-"));
  temporary.push(dataDir);
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/content-check.ts", "--root", root], {
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "test" },
  });
}

describe("npm run content:check", () => {
  it("fails the broken fixture with one precise file:line message per problem", () => {
    const run = runCli("tests/fixtures/content-broken");
    expect(run.status).toBe(1);
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("tests/") && !l.includes(": warning: "));
    expect(errors).toEqual(expectedErrors);
    expect(run.stdout).toMatch(/content:check: 3 courses, 7 lesson files: 42 errors, \d+ warnings/);
  }, 60_000);

  it("passes clean content, prints word counts per course and language, and exits 0", () => {
    const root = mkdtempSync(join(tmpdir(), "ka-content-ok-"));
    temporary.push(root);
    cpSync(fixture, root, { recursive: true });
    rmSync(join(root, "courses", "syntax-error"), { recursive: true });
    rmSync(join(root, "courses", "schema-error"), { recursive: true });
    const sources = JSON.parse(readFileSync(join(root, "sources.json"), "utf8"));
    delete sources.Bad_Key;
    writeFileSync(join(root, "sources.json"), JSON.stringify(sources));
    const course = join(root, "courses", "broken-lessons");
    rmSync(join(course, "lessons", "3-fel-namn.sv.mdx"));
    rmSync(join(course, "lessons", "01-oppna-samtalet.fi.mdx"));
    const meta = JSON.parse(readFileSync(join(course, "course.json"), "utf8"));
    meta.title.en = "Broken lessons";
    // The criterion course's policy: 20 items from every lesson, evenly; 40 minutes; answers after a pass.
    meta.quiz = {
      ...meta.quiz,
      draw: [
        { topic: "oppna-samtalet", count: 10 },
        { topic: "vem-far-jag-ringa", count: 10 },
      ],
      timeLimitMinutes: 40,
      review: "answers-after-pass",
    };
    writeFileSync(join(course, "course.json"), JSON.stringify(meta, null, 2));
    // A bank the assessment lint accepts: application items, options of equal length, the key
    // rotating over the positions, every stem and option in its own words.
    const option = (word: string, correct: boolean) => ({ id: word.slice(-1), text: { sv: word, en: word }, correct });
    const question = (n: number) => ({
      id: `q-${n}`,
      topic: n % 2 ? "oppna-samtalet" : "vem-far-jag-ringa",
      type: "single",
      kind: "application",
      prompt: { sv: `Fall x${n} y${n}?`, en: `Case x${n} y${n}?` },
      options: ["a", "b", "c", "d"].map((letter, i) => option(`w${n}${letter}`, i === n % 4)),
      explanation: { sv: "Därför.", en: "Because." },
      source: "sfs-2005-59",
    });
    writeFileSync(
      join(course, "questions.json"),
      JSON.stringify({ questions: Array.from({ length: 40 }, (_, n) => question(n)) }),
    );
    const lesson = (title: string) =>
      `---\ntitle: "${title}"\nsummary: "S."\nminutes: 5\n---\n\n## Rubrik\n\nSe [nästa](vem-far-jag-ringa#nix) <LawRef source="sfs-2005-59" />.\n`;
    writeFileSync(join(course, "lessons", "01-oppna-samtalet.sv.mdx"), lesson("Öppna"));
    writeFileSync(join(course, "lessons", "01-oppna-samtalet.en.mdx"), lesson("Open"));
    writeFileSync(
      join(course, "lessons", "02-vem-far-jag-ringa.sv.mdx"),
      `---\ntitle: "NIX"\nsummary: "S."\nminutes: 5\n---\n\n## NIX\n\nText.\n`,
    );

    const run = runCli(root);
    expect(run.stdout.split("\n").filter((l) => /^(?!.*warning:).*\.(mdx|json):\d+/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/broken-lessons\s+sv\s+\d+\s+en\s+\d+/);
    expect(run.stdout).toMatch(/1 courses, 4 lesson files: 0 errors/);
  }, 60_000);

  it("is usable in-process and reports anchors that no heading has", async () => {
    const root = mkdtempSync(join(tmpdir(), "ka-content-anchor-"));
    temporary.push(root);
    cpSync(fixture, root, { recursive: true });
    writeFileSync(
      join(root, "courses", "broken-lessons", "lessons", "02-vem-far-jag-ringa.en.mdx"),
      `---\ntitle: "Who?"\nsummary: "S."\nminutes: 5\n---\n\n## NIX\n\n[ok](#nix) [bad](#no-such-heading) [other](oppna-samtalet#x)\n`,
    );
    const result = await checkContent(root, { cacheDir: null });
    const messages = result.diagnostics
      .filter((d) => d.file.endsWith("02-vem-far-jag-ringa.en.mdx") && d.severity === "error")
      .map((d) => `${d.line}: ${d.message}`);
    expect(messages).toEqual([
      '9: link "#no-such-heading": lesson "vem-far-jag-ringa" (en) has no heading with the anchor #no-such-heading',
    ]);
  });
});
