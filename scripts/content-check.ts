// npm run content:check [-- --root <folder>] [-- --no-cache]
// Validates every course under <folder> (default: content/) and prints `file:line: message` for
// each problem, then the word counts per course and language. Exits 1 on any error (warnings do
// not fail). Compiled lessons are cached by content hash in DATA_DIR/cache/mdx, so a re-run only
// compiles what changed.
import { resolve } from "node:path";
import { checkContent, formatDiagnostic } from "~/modules/courses/content-check.server";
import { formatFigures } from "~/modules/quiz/assessment-lint";
import { getEnv } from "~/utils/env.server";

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = resolve(rootIndex >= 0 && args[rootIndex + 1] ? args[rootIndex + 1]! : "content");
const cacheDir = args.includes("--no-cache") ? null : resolve(getEnv().DATA_DIR, "cache", "mdx");

const started = performance.now();
const result = await checkContent(root, { cacheDir });
for (const diagnostic of result.diagnostics) console.log(formatDiagnostic(diagnostic));

const errors = result.diagnostics.filter((d) => d.severity === "error").length;
const warnings = result.diagnostics.length - errors;
const courses = Object.entries(result.words);
if (courses.length) {
  console.log("\nWords per course and language (prose, citations excluded):");
  const width = Math.max(...courses.map(([slug]) => slug.length));
  for (const [slug, perLanguage] of courses) {
    console.log(
      `  ${slug.padEnd(width)}  ${Object.entries(perLanguage)
        .map(([language, words]) => `${language} ${String(words).padStart(6)}`)
        .join("   ")}`,
    );
  }
}
if (result.assessment.length) {
  console.log(
    "\nAssessment figures per course (shares of the bank; pass rates over the seeded draws; a rule's pass rate is its best combination):",
  );
  for (const line of formatFigures(result.assessment)) console.log(line);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\ncontent:check: ${result.courses} courses, ${result.lessonFiles} lesson files: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} (${seconds} s)`,
);
process.exitCode = errors ? 1 : 0;
