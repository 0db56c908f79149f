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

rm -f test-results/vitest.json test-results/e2e-*.json
step "typecheck" npx tsc --noEmit
step "lint" npx eslint . --max-warnings 0
step "content check" npx tsx scripts/content-check.ts
step "unit and integration tests (embedded + PostgreSQL)" npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "end-to-end tests (Chromium)" npx playwright test

node --input-type=module -e '
import { existsSync, readFileSync, readdirSync } from "node:fs";
let passed = 0, failed = 0, skipped = 0;
if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + v.numTodoTests;
}
for (const f of readdirSync("test-results").filter((f) => /^e2e-\d+\.json$/.test(f))) {
  const s = JSON.parse(readFileSync(`test-results/${f}`, "utf8")).stats;
  passed += s.expected + s.flaky; failed += s.unexpected; skipped += s.skipped;
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
if ((${#failed_steps[@]})); then
  printf 'Failed steps: %s\n' "${failed_steps[*]}"
  exit 1
fi
echo "All steps passed."
