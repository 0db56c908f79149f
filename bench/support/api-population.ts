// A seeded population for the API benchmark, written with set-based INSERT … SELECT
// generate_series into an empty, migrated database: learners, companies (two managers and eight
// agents each), quiz attempts, certificates (criterion course: valid, expiring within 60 days,
// expired, revoked; other courses) and course completions, plus the criterion cache.
import type pg from "pg";
import { luhnCheckDigit } from "~/modules/organizations/org-number";

export const CRITERION_COURSE = "introduktion-for-chefer";
export const OTHER_COURSES = ["etik-for-saljare-och-kundtjanst", "inspelning-av-samtal", "kundservice-och-lagen"];

export type Population = {
  learners: number;
  companies: number;
  attempts: number;
  otherCertificates: number;
  enrollments: number;
};

/** scale 1: 100,000 learners, 10,000 companies, 1,000,000 quiz attempts. */
export function population(scale = 1): Population {
  return {
    learners: Math.round(100_000 * scale),
    companies: Math.round(10_000 * scale),
    attempts: Math.round(1_000_000 * scale),
    otherCertificates: Math.round(40_000 * scale),
    enrollments: Math.round(100_000 * scale),
  };
}

/** Distinct valid Swedish organisation numbers (third digit ≥ 2), deterministic. */
export function orgNumbers(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const payload = `55${String(2_000_000 + i * 7).padStart(7, "0")}`;
    out.push(payload + luhnCheckDigit(payload));
  }
  return out;
}

// ---------------------------------------------------------------- seed

/** Seeds an empty, migrated database. Returns the companies' organisation numbers and step timings. */
export async function seedPopulation(db: pg.Client, size: Population) {
  const { learners: LEARNERS, companies: COMPANIES, attempts: ATTEMPTS } = size;
  const numbers = orgNumbers(COMPANIES);
  const timings: Array<[string, number]> = [];
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await db.query(sql, params);
    timings.push([`${name} (${r.rowCount ?? 0} rows)`, performance.now() - t]);
  };
  await step(
    "companies",
    `INSERT INTO "Organization" (id, name, country, "orgNumber", "membershipStatus", "memberSince", "updatedAt")
     SELECT 'o' || i, 'Bench Kundtjänst ' || lpad(i::text, 6, '0') || ' AB', 'SE', ($1::text[])[i],
            (CASE WHEN i % 50 = 0 THEN 'non_member' ELSE 'member' END)::"MembershipStatus", now() - interval '2 years', now()
     FROM generate_series(1, $2::int) i`,
    [numbers, COMPANIES],
  );
  await step(
    "learners",
    `INSERT INTO "User" (id, email, name, "emailVerified", "updatedAt")
     SELECT 'u' || i, 'u' || i || '@bench.example', 'Bench Person ' || i, now(), now() FROM generate_series(1, $1::int) i`,
    [LEARNERS],
  );
  // Learner i works at company ((i-1) mod C)+1: the first two per company are managers.
  await step(
    "memberships",
    `INSERT INTO "Membership" (id, "userId", "organizationId", roles, "updatedAt")
     SELECT 'm' || i, 'u' || i, 'o' || ((i - 1) % $2::int + 1),
            ARRAY[CASE WHEN i <= 2 * $2::int THEN 'manager' ELSE 'agent' END], now()
     FROM generate_series(1, $1::int) i`,
    [LEARNERS, COMPANIES],
  );
  // Attempt k belongs to learner ((k-1) mod L)+1; learners' first attempts are the ones certified.
  // A million rows load faster without the secondary indexes; they are rebuilt (same definitions,
  // read from the catalogue) right after, in bulk.
  const { rows: attemptIndexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'QuizAttempt' AND indexname <> 'QuizAttempt_pkey'`,
  );
  for (const index of attemptIndexes) await db.query(`DROP INDEX "${index.indexname}"`);
  await step(
    "quiz attempts",
    `INSERT INTO "QuizAttempt" (id, "userId", "courseSlug", "contentVersion", locale, status, snapshot, answers,
                                "startedAt", "submittedAt", "gradedAt", "scorePoints", "maxPoints", "scorePercent", passed)
     SELECT 'a' || k, 'u' || ((k - 1) % $2::int + 1),
            CASE WHEN k <= 2 * $3::int THEN $4 ELSE ($5::text[])[k % 3 + 1] END,
            '1', 'sv', 'graded'::"AttemptStatus", '{}'::jsonb, '{}'::jsonb,
            now() - (k % 700) * interval '1 day', now() - (k % 700) * interval '1 day', now() - (k % 700) * interval '1 day',
            15 + k % 6, 20, (15 + k % 6) * 5, k % 4 <> 0
     FROM generate_series(1, $1::int) k`,
    [ATTEMPTS, LEARNERS, COMPANIES, CRITERION_COURSE, OTHER_COURSES],
  );
  const rebuild = performance.now();
  for (const index of attemptIndexes) await db.query(index.indexdef);
  timings.push([`quiz attempt indexes rebuilt (${attemptIndexes.length})`, performance.now() - rebuild]);
  // Criterion certificates: company c's first manager (learner c) in 80 % of companies, its second
  // manager (learner C+c) in 30 %; a mix of valid, expiring within 60 days, expired and revoked.
  await step(
    "criterion certificates",
    `INSERT INTO "Certificate" (id, number, "userId", "attemptId", "holderName", "courseSlug", "contentVersion", locale,
                                "criterionCourse", "scorePercent", "issuedAt", "expiresAt", "revokedAt", "revokedReason", "updatedAt")
     SELECT 'c' || u, 'KA-B' || lpad(u::text, 7, '0'), 'u' || u, 'a' || u, 'Bench Person ' || u, $2, '1', 'sv', true, 90,
            now() - interval '1 year',
            CASE WHEN u % 20 = 1 THEN now() + (u % 50 + 1) * interval '1 day'
                 WHEN u % 20 = 2 THEN now() - interval '10 days'
                 ELSE now() + interval '2 years' END,
            CASE WHEN u % 33 = 3 THEN now() - interval '5 days' END,
            CASE WHEN u % 33 = 3 THEN 'bench' END,
            now() - interval '1 day'
     FROM generate_series(1, 2 * $1::int) u
     WHERE (u <= $1::int AND u % 5 <> 0) OR (u > $1::int AND u % 10 < 3)`,
    [COMPANIES, CRITERION_COURSE],
  );
  await step(
    "other certificates",
    `INSERT INTO "Certificate" (id, number, "userId", "attemptId", "holderName", "courseSlug", "contentVersion", locale,
                                "criterionCourse", "scorePercent", "issuedAt", "expiresAt", "updatedAt")
     SELECT 'c' || u, 'KA-B' || lpad(u::text, 7, '0'), 'u' || u, 'a' || u, 'Bench Person ' || u, ($2::text[])[u % 3 + 1], '1', 'sv',
            false, 85, now() - interval '200 days', now() + interval '1 year', now() - interval '1 day'
     FROM generate_series(2 * $1::int + 1, 2 * $1::int + $3::int) u`,
    [COMPANIES, OTHER_COURSES, size.otherCertificates],
  );
  // Course enrolments: one per learner, in a course other than the criterion course; 60 % completed.
  await step(
    "course enrolments",
    `INSERT INTO "Enrollment" (id, "userId", "courseSlug", "contentVersion", "lastLessonSlug", "enrolledAt", "updatedAt", "completedAt")
     SELECT 'e' || i, 'u' || ((i - 1) % $2::int + 1), ($3::text[])[i % 3 + 1], '1', NULL,
            now() - (i % 400 + 30) * interval '1 day', now() - (i % 400) * interval '1 day',
            CASE WHEN i % 5 < 3 THEN now() - (i % 400) * interval '1 day' END
     FROM generate_series(1, $1::int) i`,
    [size.enrollments, LEARNERS, OTHER_COURSES],
  );
  // The cached criterion flag, as the organisations module keeps it (the few expiring companies
  // stay 'met' here: the expiry job, which would move them, does not run in the benchmark).
  await step(
    "criterion cache",
    `UPDATE "Organization" o SET "criterionMet" = true, "criterionStatus" = 'met', "criterionChangedAt" = now() - interval '1 year'
     WHERE EXISTS (SELECT 1 FROM "Membership" m JOIN "Certificate" c ON c."userId" = m."userId"
                   WHERE m."organizationId" = o.id AND m.roles @> ARRAY['manager'] AND c."criterionCourse"
                     AND c."revokedAt" IS NULL AND (c."expiresAt" IS NULL OR c."expiresAt" > now()))`,
  );
  await step("analyze", "ANALYZE");
  return { numbers, timings };
}
