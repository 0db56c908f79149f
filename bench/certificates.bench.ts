// Certificates: what issuing costs, and how fast the public verification page answers.
// 1. In this process (the same module code the app runs): building and signing an Open Badges 3.0
//    credential (eddsa-rdfc-2022: JSON-LD canonicalisation + Ed25519), rendering the A4 PDF, both
//    together (= what issuing adds), verifying a credential against the status list, and signing
//    the 131,072-entry status list. RSS before and peak after.
// 2. Through the production server (build/bench) on PostgreSQL over loopback: real issuance at the
//    end of a quiz (a passing submit, which grades and issues, against a failing submit, which only
//    grades: the difference is issuing inside the transaction), then the verification page
//    GET /verify/:number (database lookup, rate limiter and server-rendered React page), against
//    GET /healthz and the number form GET /verify as baselines in the same run, plus the PDF and
//    the status list. The server's RSS after seeding and its peak after the load.
//   BENCH_SECONDS (default 8), BENCH_CONNECTIONS (default 8),
//   BENCH_ISSUES (default 10 passing + 10 failing quiz submits), TEST_PG_URL
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInstance, type Resource, type TFunction } from "i18next";
import pg from "pg";
import { loadCertificateCourse } from "~/modules/certificates/course-meta.server";
import {
  buildOpenBadgeCredential,
  checkCredential,
  signCredential,
  type CertificateForCredential,
} from "~/modules/certificates/credential.server";
import { createDocumentLoader } from "~/modules/certificates/document-loader.server";
import { generateNumber } from "~/modules/certificates/number";
import { renderCertificatePdf } from "~/modules/certificates/pdf.server";
import { issuerUrls, signingKeyFromSecret } from "~/modules/certificates/signing-key.server";
import { buildStatusListCredential, MIN_LIST_BITS } from "~/modules/certificates/status-list.server";
import { ensureBenchBuild } from "./support/build";
import { createBenchDatabase } from "./support/database";
import {
  load,
  memoryMb,
  request,
  requireWrk,
  startServer,
  stop,
  waitFor,
  type LoadRequest,
  type LoadResult,
  type Server,
} from "./support/http-load";
import { BENCH_SIGNING_KEY } from "./support/server-env";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LOOKUPS = 40_000; // distinct (certificate, client IP) requests wrk cycles through: 1,600 IPs, 25 each
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 10);
const PG_SERVER = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const COURSE = "introduktion-for-chefer";
const SIGNING_KEY = BENCH_SIGNING_KEY;

// ---------------------------------------------------------------- helpers

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, mean, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

async function time<T>(n: number, fn: (i: number) => Promise<T>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

const row = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
const msRow = (name: string, s: ReturnType<typeof stats>) =>
  row([name, s.n, s.mean.toFixed(1), s.p50.toFixed(1), s.p95.toFixed(1), s.max.toFixed(1), (1000 / s.mean).toFixed(0)]);

/** The app's translations for the certificates namespace, without the Vite-only resource loader. */
async function translations(): Promise<TFunction> {
  const resources: Resource = {};
  for (const lng of readdirSync("app/locales")) {
    resources[lng] = { certificates: JSON.parse(readFileSync(join("app/locales", lng, "certificates.json"), "utf8")) };
  }
  const i18n = createInstance();
  await i18n.init({
    resources,
    lng: "sv",
    fallbackLng: "sv",
    ns: ["certificates"],
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

// ---------------------------------------------------------------- 1. in process

async function inProcess() {
  const before = memoryMb("self");
  const t = await translations();
  const course = await loadCertificateCourse(COURSE);
  if (!course) throw new Error(`course ${COURSE} missing`);
  const appUrl = "https://akademin.example";
  const urls = issuerUrls(appUrl);
  const key = await signingKeyFromSecret(SIGNING_KEY, urls.issuerId, urls.keyId);
  const certificate = (i: number): CertificateForCredential & { criterionCourse: boolean; revokedAt: null } => ({
    number: generateNumber((n) => randomBytes(n)),
    holderName: `Åsa Öberg-Ängström ${i}`,
    courseSlug: COURSE,
    contentVersion: course.version,
    locale: i % 2 ? "sv" : "en",
    scorePercent: 80 + (i % 21),
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 3 * 365 * 86_400_000),
    statusListIndex: i + 1,
    criterionCourse: true,
    revokedAt: null,
  });
  const loader = createDocumentLoader();
  const sign = (c: CertificateForCredential) =>
    signCredential(buildOpenBadgeCredential(c, course, t, appUrl), { key, documentLoader: loader });
  const pdf = (c: ReturnType<typeof certificate>) =>
    renderCertificatePdf(c, course, {
      verifyUrl: `${appUrl}/verify/${c.number}`,
      verifyHomeUrl: `${appUrl}/verify`,
      t,
    });

  // Warm-up: JIT, context processing caches, font parsing.
  for (let i = 0; i < 10; i++) await Promise.all([sign(certificate(i)), pdf(certificate(i))]);
  const signSamples = await time(200, (i) => sign(certificate(i)));
  const pdfSizes: number[] = [];
  const pdfSamples = await time(100, async (i) => pdfSizes.push((await pdf(certificate(i))).length));
  const issueSamples = await time(100, async (i) => {
    const c = certificate(i);
    await sign(c);
    await pdf(c);
  });
  const statusList = await buildStatusListCredential({
    revokedIndexes: [3, 50, 70_000],
    length: MIN_LIST_BITS,
    key,
    appUrl,
  });
  const listSamples = await time(10, () =>
    buildStatusListCredential({ revokedIndexes: [3, 50, 70_000], length: MIN_LIST_BITS, key, appUrl }),
  );
  const signed = await sign(certificate(1));
  const verifySamples = await time(100, async () => {
    const result = await checkCredential(signed, { key, appUrl, statusList: async () => statusList });
    if (result.kind !== "checked" || !result.signature.ok || result.status !== "active")
      throw new Error("verification failed in the bench");
  });
  const after = memoryMb("self");

  console.log(`In process (node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}):`);
  console.log(row(["operation", "n", "mean ms", "p50 ms", "p95 ms", "max ms", "per s"]));
  console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
  console.log(msRow("build + sign OpenBadgeCredential (eddsa-rdfc-2022)", stats(signSamples)));
  console.log(
    msRow(`render PDF (A4, QR, embedded fonts; ${Math.round(stats(pdfSizes).mean / 1024)} kB)`, stats(pdfSamples)),
  );
  console.log(msRow("issue = sign + PDF", stats(issueSamples)));
  console.log(msRow("check a credential (proof + status list)", stats(verifySamples)));
  console.log(
    msRow(`build + sign the status list (${MIN_LIST_BITS.toLocaleString("en")} entries)`, stats(listSamples)),
  );
  console.log(
    `Process memory: RSS ${before.rss} MB at start (baseline), ${after.rss} MB after; peak RSS ${after.peak} MB.`,
  );
}

// ---------------------------------------------------------------- 2. through the server

/** CONNECTIONS keep-alive connections from wrk for `seconds`, sending `count` requests made by `next` in turn. */
const phase = (port: number, next: (i: number) => LoadRequest, seconds: number, count: number) =>
  load({ port, connections: CONNECTIONS, seconds, requests: Array.from({ length: count }, (_, i) => next(i)) });

type SnapQ = { id: string; options: Array<{ id: string; correct: boolean }> };
type Snapshot = { entries: Array<{ kind: string; question?: SnapQ; items?: SnapQ[] }> };

async function throughServer() {
  const port = 39_800 + Math.floor(Math.random() * 100);
  requireWrk();
  ensureBenchBuild();
  const dataDir = mkdtempSync(join(tmpdir(), "ka-bench-cert-"));
  const dbName = `ka_bench_cert_${process.pid}`;
  const database = await createBenchDatabase(PG_SERVER, dbName);
  let app: Server | undefined;
  let db: pg.Client | undefined;
  try {
    // Verification lookups are limited per client IP: the bench poses as many clients.
    app = startServer(port, { DATABASE_URL: database.url, DATA_DIR: dataDir, TRUST_PROXY: "true" });
    await waitFor(port, "/readyz", app.child, app.stderr);
    const booted = memoryMb(app.child.pid!);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();

    // Learners who did every lesson, signed in by session rows.
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
    const learner = async (i: number) => {
      const id = `bench-u-${i}`;
      const token = randomUUID();
      await db!.query(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, $3, now())`, [
        id,
        `${id}@bench.example`,
        // Names printed on certificates hold letters only (app/modules/auth/profile.ts): 0 → "A", 27 → "BB".
        `Bänk Person ${String.fromCharCode(65 + (i % 26)).repeat(1 + Math.floor(i / 26))}`,
      ]);
      await db!.query(
        `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`,
        [`s-${id}`, token, id],
      );
      for (const lesson of lessons) {
        await db!.query(
          `INSERT INTO "LessonCompletion" (id, "userId", "courseSlug", "contentVersion", "lessonSlug") VALUES ($1, $2, $3, $4, $5)`,
          [randomUUID(), id, COURSE, course.version, lesson],
        );
      }
      return { id, cookie: `authjs.session-token=${token}` };
    };
    /** Starts the quiz and submits it (all right, or all wrong); returns the submit's latency. */
    const takeQuiz = async (who: { cookie: string }, pass: boolean) => {
      const started = await request(port, `/courses/${COURSE}/quiz`, {
        method: "POST",
        headers: { cookie: who.cookie },
        form: "intent=start",
      });
      const attemptId = /\/quiz\/([a-z0-9]+)$/.exec(String(started.headers.location ?? ""))?.[1];
      if (!attemptId) throw new Error(`quiz did not start: ${started.status} ${started.body.toString().slice(0, 200)}`);
      const { rows } = await db!.query<{ snapshot: Snapshot }>(`SELECT snapshot FROM "QuizAttempt" WHERE id = $1`, [
        attemptId,
      ]);
      const questions = rows[0]!.snapshot.entries.flatMap((e) => (e.kind === "scenario" ? e.items! : [e.question!]));
      const form = new URLSearchParams({ intent: "submit" });
      for (const q of questions) {
        const chosen = q.options.filter((o) => o.correct === pass);
        for (const o of pass ? chosen : chosen.slice(0, 1)) form.append(`q:${q.id}`, o.id);
      }
      const t = performance.now();
      const submitted = await request(port, `/quiz/${attemptId}`, {
        method: "POST",
        headers: { cookie: who.cookie },
        form: form.toString(),
      });
      const ms = performance.now() - t;
      if (submitted.status !== 302) throw new Error(`submit answered ${submitted.status}`);
      return { ms, attemptId };
    };
    const passing: number[] = [];
    const failing: number[] = [];
    const holders: Array<{ cookie: string; number: string }> = [];
    for (let i = 0; i < ISSUES; i++) {
      const [p, f] = [await learner(2 * i), await learner(2 * i + 1)];
      const passed = await takeQuiz(p, true);
      passing.push(passed.ms);
      failing.push((await takeQuiz(f, false)).ms);
      const { rows } = await db.query<{ number: string }>(`SELECT number FROM "Certificate" WHERE "attemptId" = $1`, [
        passed.attemptId,
      ]);
      if (!rows[0]) throw new Error("a passing submit issued no certificate");
      holders.push({ cookie: p.cookie, number: rows[0].number });
    }

    // More certificates to look up (written directly: the lookup does not care how they came).
    const numbers = new Set(holders.map((h) => h.number));
    while (numbers.size < 2_000) numbers.add(generateNumber((n) => randomBytes(n)));
    const extra = [...numbers].slice(holders.length);
    await db.query(
      `INSERT INTO "QuizAttempt" (id, "userId", "courseSlug", "contentVersion", locale, status, snapshot, passed, "scorePercent", "gradedAt")
       SELECT 'ba' || i, 'bench-u-0', $1, $2, 'sv', 'graded', '{}'::jsonb, true, 90, now() FROM generate_series(1, $3::int) i`,
      [COURSE, course.version, extra.length],
    );
    await db.query(
      `INSERT INTO "Certificate" (id, number, "userId", "attemptId", "holderName", "courseSlug", "contentVersion", locale, "criterionCourse", "scorePercent", "expiresAt", "revokedAt", "revokedReason", "updatedAt")
       SELECT 'bc' || i, ($4::text[])[i], 'bench-u-0', 'ba' || i, 'Bänk Person', $1, $2, 'sv', true, 90, now() + interval '3 years',
              CASE WHEN i % 10 = 0 THEN now() END, CASE WHEN i % 10 = 0 THEN 'bench' END, now()
       FROM generate_series(1, $3::int) i`,
      [COURSE, course.version, extra.length, extra],
    );
    await db.query("ANALYZE");
    const seeded = memoryMb(app.child.pid!);

    const all = [...numbers];
    // 25 lookups per simulated client IP, below the limit of 30 a minute.
    const ipOf = (i: number) =>
      `10.${(Math.floor(i / 25) >> 16) & 255}.${(Math.floor(i / 25) >> 8) & 255}.${Math.floor(i / 25) & 255}`;
    const loadBefore = loadavg()[0]!;
    // wrk cycles through a fixed list of requests.
    await phase(port, () => ({ path: "/healthz", headers: {} }), 2, 1); // warm-up
    await phase(
      port,
      (i) => ({ path: `/verify/${all[i % all.length]}`, headers: { "x-forwarded-for": ipOf(i + 1_000_000) } }),
      2,
      500,
    );
    const healthz = await phase(port, () => ({ path: "/healthz", headers: {} }), SECONDS, 1);
    const form = await phase(port, () => ({ path: "/verify", headers: {} }), SECONDS, 1);
    const verify = await phase(
      port,
      (i) => ({ path: `/verify/${all[i % all.length]}`, headers: { "x-forwarded-for": ipOf(i) } }),
      SECONDS,
      LOOKUPS,
    );
    const statusList = await phase(
      port,
      () => ({ path: "/credentials/status/1", headers: {} }),
      Math.max(2, SECONDS / 2),
      1,
    );
    const pdfs = await phase(
      port,
      (i) => ({
        path: `/certificates/${holders[i % holders.length]!.number}/pdf`,
        headers: { cookie: holders[i % holders.length]!.cookie },
      }),
      Math.max(2, SECONDS / 2),
      holders.length,
    );
    const after = memoryMb(app.child.pid!);
    const loadAfter = loadavg()[0]!;

    const p = stats(passing);
    const f = stats(failing);
    console.log(
      `\nThrough the production server on PostgreSQL (loopback; ${cpus().length} CPUs shared by server, PostgreSQL and load generator; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after):`,
    );
    console.log(row(["quiz submit", "n", "mean ms", "p50 ms", "p95 ms", "max ms", "per s"]));
    console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
    console.log(msRow("passing (grades + issues the certificate)", p));
    console.log(msRow("failing (grades only)", f));
    console.log(
      `Issuing inside the grading transaction adds ≈ ${(p.mean - f.mean).toFixed(0)} ms (mean difference; p50 ${(p.p50 - f.p50).toFixed(0)} ms).`,
    );
    console.log(
      `\n${CONNECTIONS} keep-alive connections, wrk, ${SECONDS} s per phase; ${all.length.toLocaleString("en")} certificates, 10 % revoked, looked up in turn.`,
    );
    console.log(row(["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors"]));
    console.log(row(["---", "---:", "---:", "---:", "---:", "---:"]));
    const result = (name: string, r: LoadResult) =>
      console.log(row([name, r.requests, r.perSecond.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.errors]));
    result("GET /healthz (baseline)", healthz);
    result("GET /verify (number form, no lookup)", form);
    result("GET /verify/:number (lookup + rate limit + page)", verify);
    result("GET /credentials/status/1 (cached signed list)", statusList);
    result("GET /certificates/:number/pdf (holder)", pdfs);
    console.log(
      `\nThe verification page runs at ${((verify.perSecond / healthz.perSecond) * 100).toFixed(1)} % of the baseline's rate and ${((verify.perSecond / form.perSecond) * 100).toFixed(0)} % of the plain form page's; errors ${verify.errors}.`,
    );
    console.log(
      `Server memory: RSS ${booted.rss} MB after start, ${seeded.rss} MB after issuing and seeding (baseline), ${after.rss} MB after the load; peak RSS ${after.peak} MB.`,
    );
    const failed = [verify, form, healthz, statusList, pdfs].filter((r) => r.errors > 0);
    if (failed.length) throw new Error(`requests failed: ${failed.map((r) => r.errors).join(" ")}`);
  } finally {
    await db?.end().catch(() => undefined);
    await stop(app?.child);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await inProcess();
await throughServer();
