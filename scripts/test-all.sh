#!/usr/bin/env bash
# `npm test`: every check and test of the project, in order. Needs PostgreSQL (TEST_PG_URL,
# default postgresql://postgres@127.0.0.1:5432/postgres) and Chromium (/usr/bin/chromium or
# Playwright's own). Runs all steps, then prints one summary line and fails if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
failed_steps=()

step() {
  local name=$1; shift
  printf '\n==> %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
    failed_steps+=("$name")
  fi
}

rm -f test-results/vitest*.json test-results/e2e-*.json
# Each step is the README's own command, so every row of its table runs here.
vitest_json() { echo "--reporter=default --reporter=json --outputFile.json=test-results/vitest-$1.json"; }
step "typecheck" npm run -s typecheck
step "lint (ESLint, Prettier)" npm run -s lint
step "content check" npm run -s content:check
# shellcheck disable=SC2046
step "unit tests" npm run -s test:unit -- $(vitest_json unit)
# shellcheck disable=SC2046
step "integration tests (embedded + PostgreSQL)" npm run -s test:integration -- $(vitest_json integration)
step "end-to-end tests (Chromium)" npm run -s test:e2e
# The bench harness on the smallest benchmark that needs no wrk, against the e2e run's build, after
# every other step: its latency and memory gates need the machine to itself.
step "benchmark harness (npm run bench -- body-limits)" env BENCH_BUILD_DIR="build/e2e-${E2E_PORT:-3210}" BENCH_BODY_UPLOADS=12 npm run -s bench -- body-limits

node --input-type=module -e '
import { existsSync, readFileSync, readdirSync } from "node:fs";
let passed = 0, failed = 0, skipped = 0;
const failures = [];
for (const f of readdirSync("test-results").filter((f) => /^vitest-[a-z]+\.json$/.test(f))) {
  const v = JSON.parse(readFileSync(`test-results/${f}`, "utf8"));
  passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + v.numTodoTests;
  for (const file of v.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== "failed") continue;
      failures.push(`${file.name.replace(process.cwd() + "/", "")} > ${t.fullName}`);
      failures.push(...(t.failureMessages ?? []).join("\n").split("\n").slice(0, 6).map((l) => "    " + l));
    }
    // A file that failed before any test ran (import error, hook timeout) has no failed test to name.
    if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed"))
      failures.push(`${file.name.replace(process.cwd() + "/", "")}: ${String(file.message ?? "failed").split("\n")[0]}`);
  }
}
for (const f of readdirSync("test-results").filter((f) => /^e2e-\d+\.json$/.test(f))) {
  const s = JSON.parse(readFileSync(`test-results/${f}`, "utf8")).stats;
  passed += s.expected + s.flaky; failed += s.unexpected; skipped += s.skipped;
}
// Named here, at the end, so a CI log that keeps only its tail still says what failed.
if (failures.length) console.log(`\nFailed tests:\n${failures.join("\n")}`);
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
if ((${#failed_steps[@]})); then
  printf 'Failed steps: %s\n' "${failed_steps[*]}"
  exit 1
fi
echo "All steps passed."
