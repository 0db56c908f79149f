// The team dashboard's data: per person and course, progress and certificates; the company's
// criterion status and what it takes to meet it; completions over time; the CSV export.
// Callers have already checked that the reader belongs to THIS company (requireOrgMembership).
import type { OrgRole } from "~/generated/prisma/client";
import { Prisma } from "~/generated/prisma/client";
import { CSV_BOM, csvLine, type CsvDelimiter } from "~/utils/csv.server";
import { assignmentsForPeople } from "~/modules/assignments/assignments.server";
import { assignmentState, companyTimeZone, dayIn } from "~/modules/assignments/due-date";
import { getDb } from "~/utils/db.server";
import { listCourseSummaries, type CourseSummary } from "./course-summaries.server";
import { isExpiringSoon, isValidAt } from "~/modules/certificates/validity";
import { validCertificateSql, validCertificateWhere } from "~/modules/certificates/validity.server";
import { getCriterionStatus, type CriterionStatus } from "./criterion.server";
import { listMembers, type MemberRow } from "./memberships.server";
import { formatOrgNumber } from "./org-number";
import { normalizeRoles } from "./roles";

export type CourseProgressState = "not_started" | "in_progress" | "completed" | "certified" | "expired" | "revoked";

export type CourseProgress = {
  state: CourseProgressState;
  lessonsDone: number;
  lessonCount: number;
  certificate: {
    number: string;
    issuedAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
    expiringSoon: boolean;
  } | null;
};

export type CourseColumn = { slug: string; title: string; lessonCount: number; criterionCourse: boolean };

type CertRow = {
  userId: string;
  courseSlug: string;
  number: string;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/** Progress of these people in every course, from enrollments, lesson completions and certificates. */
export async function loadProgress(
  userIds: string[],
  courses: CourseSummary[],
  now = new Date(),
): Promise<Map<string, Record<string, CourseProgress>>> {
  const result = new Map<string, Record<string, CourseProgress>>();
  if (userIds.length === 0) return result;
  const db = await getDb();
  const slugs = courses.map((c) => c.slug);
  const [enrollments, completions, certificates] = await Promise.all([
    db.enrollment.findMany({
      where: { userId: { in: userIds }, courseSlug: { in: slugs } },
      select: { userId: true, courseSlug: true, completedAt: true },
    }),
    // Lessons done in the course's current version (as the course pages count them).
    db.lessonCompletion.groupBy({
      by: ["userId", "courseSlug", "lessonSlug"],
      where: { userId: { in: userIds }, OR: courses.map((c) => ({ courseSlug: c.slug, contentVersion: c.version })) },
    }),
    db.certificate.findMany({
      where: { userId: { in: userIds }, courseSlug: { in: slugs } },
      select: { userId: true, courseSlug: true, number: true, issuedAt: true, expiresAt: true, revokedAt: true },
      orderBy: { issuedAt: "desc" },
    }),
  ]);
  const key = (u: string, c: string) => `${u}\u0000${c}`;
  const enrolled = new Map(enrollments.map((e) => [key(e.userId, e.courseSlug), e]));
  const done = new Map<string, Set<string>>();
  for (const c of completions) {
    const k = key(c.userId, c.courseSlug);
    if (!done.has(k)) done.set(k, new Set());
    done.get(k)!.add(c.lessonSlug);
  }
  const certs = new Map<string, CertRow[]>();
  for (const c of certificates) {
    const k = key(c.userId, c.courseSlug);
    certs.set(k, [...(certs.get(k) ?? []), c]);
  }
  for (const userId of userIds) {
    const perCourse: Record<string, CourseProgress> = {};
    for (const course of courses) {
      const k = key(userId, course.slug);
      const lessons = done.get(k);
      const lessonsDone = course.lessonSlugs.filter((s) => lessons?.has(s)).length;
      const own = certs.get(k) ?? [];
      // The newest valid certificate wins; otherwise the newest of any kind explains the state.
      const best = own.find((c) => isValidAt(c, now)) ?? own[0] ?? null;
      let state: CourseProgressState;
      if (best && isValidAt(best, now)) state = "certified";
      else if (best?.revokedAt) state = "revoked";
      else if (best) state = "expired";
      else if (enrolled.get(k)?.completedAt) state = "completed";
      else if (enrolled.has(k) || lessonsDone > 0) state = "in_progress";
      else state = "not_started";
      perCourse[course.slug] = {
        state,
        lessonsDone,
        lessonCount: course.lessonSlugs.length,
        certificate: best
          ? {
              number: best.number,
              issuedAt: best.issuedAt,
              expiresAt: best.expiresAt,
              revokedAt: best.revokedAt,
              expiringSoon: isExpiringSoon(best, now),
            }
          : null,
      };
    }
    result.set(userId, perCourse);
  }
  return result;
}

export type CriterionGuidance = {
  criterionCourse: { slug: string; title: string; lessonCount: number } | null;
  /** Every manager, with where they stand in the criterion course. */
  managers: Array<{ userId: string; name: string | null; email: string; progress: CourseProgress | null }>;
  managerCount: number;
  /** People with a valid criterion certificate who are not managers: a role change would meet it. */
  certifiedNonManagers: Array<{ userId: string; name: string | null; email: string; roles: OrgRole[] }>;
};

const GUIDANCE_LIMIT = 20;

/** What the company needs to do to meet (or keep meeting) the criterion. */
export async function getCriterionGuidance(
  organizationId: string,
  language: string,
  now = new Date(),
): Promise<CriterionGuidance> {
  const db = await getDb();
  const courses = await listCourseSummaries();
  const course = courses.find((c) => c.criterionCourse) ?? null;
  const [managers, managerCount] = await Promise.all([
    db.membership.findMany({
      where: { organizationId, roles: { has: "manager" } },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: [{ user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }],
      take: GUIDANCE_LIMIT,
    }),
    db.membership.count({ where: { organizationId, roles: { has: "manager" } } }),
  ]);
  const progress = course
    ? await loadProgress(
        managers.map((m) => m.user.id),
        [course],
        now,
      )
    : new Map();
  const certifiedNonManagers = await db.membership.findMany({
    where: {
      organizationId,
      NOT: { roles: { has: "manager" } },
      user: { certificates: { some: { criterionCourse: true, ...validCertificateWhere(now) } } },
    },
    select: { roles: true, user: { select: { id: true, name: true, email: true } } },
    take: GUIDANCE_LIMIT,
  });
  return {
    criterionCourse: course
      ? { slug: course.slug, title: course.title(language), lessonCount: course.lessonSlugs.length }
      : null,
    managers: managers.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      progress: course ? (progress.get(m.user.id)?.[course.slug] ?? null) : null,
    })),
    managerCount,
    certifiedNonManagers: certifiedNonManagers.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      roles: normalizeRoles(m.roles),
    })),
  };
}

export type CompletionPoint = { month: string; completions: number; cumulative: number };

/**
 * Certificates earned by the company's current people, per calendar month (UTC) over the last
 * `months` months, with the running total (revoked certificates do not count).
 */
export async function getCompletionSeries(
  organizationId: string,
  months = 12,
  now = new Date(),
): Promise<CompletionPoint[]> {
  const db = await getDb();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const members = Prisma.sql`SELECT m."userId" FROM "Membership" m WHERE m."organizationId" = ${organizationId}`;
  const [before] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM "Certificate" c
    WHERE c."userId" IN (${members}) AND c."revokedAt" IS NULL AND c."issuedAt" < ${start}`;
  const rows = await db.$queryRaw<Array<{ month: string; n: number }>>`
    SELECT to_char(date_trunc('month', c."issuedAt"), 'YYYY-MM') AS month, count(*)::int AS n
    FROM "Certificate" c
    WHERE c."userId" IN (${members}) AND c."revokedAt" IS NULL AND c."issuedAt" >= ${start} AND c."issuedAt" <= ${now}
    GROUP BY 1`;
  const byMonth = new Map(rows.map((r) => [r.month, Number(r.n)]));
  let cumulative = Number(before?.n ?? 0);
  const series: CompletionPoint[] = [];
  for (let i = 0; i < months; i++) {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const completions = byMonth.get(month) ?? 0;
    cumulative += completions;
    series.push({ month, completions, cumulative });
  }
  return series;
}

export type TeamDashboard = {
  organization: {
    id: string;
    name: string;
    orgNumber: string;
    orgNumberDisplay: string;
    country: "SE" | "FI";
    membershipStatus: string;
  };
  criterion: CriterionStatus;
  guidance: CriterionGuidance;
  courses: Array<CourseColumn & { certified: number; inProgress: number }>;
  members: {
    items: Array<MemberRow & { progress: Record<string, CourseProgress> }>;
    page: number;
    pages: number;
    total: number;
  };
  series: CompletionPoint[];
};

/** Everything the dashboard page shows; `page` pages the people table. */
export async function getTeamDashboard(
  organizationId: string,
  options: { language: string; page?: number; role?: OrgRole | null; now?: Date },
): Promise<TeamDashboard | null> {
  const db = await getDb();
  const now = options.now ?? new Date();
  const org = await db.organization.findUnique({
    where: { id: organizationId },
    select: { id: true, name: true, orgNumber: true, country: true, membershipStatus: true },
  });
  if (!org) return null;
  const courses = await listCourseSummaries();
  const [criterion, guidance, members, series, courseCounts] = await Promise.all([
    getCriterionStatus(organizationId, { now }),
    getCriterionGuidance(organizationId, options.language, now),
    listMembers(organizationId, { page: options.page, role: options.role }),
    getCompletionSeries(organizationId, 12, now),
    countCourseStates(organizationId, courses, now),
  ]);
  const progress = await loadProgress(
    members.items.map((m) => m.userId),
    courses,
    now,
  );
  return {
    organization: { ...org, orgNumberDisplay: formatOrgNumber(org.orgNumber, org.country) },
    criterion: criterion!,
    guidance,
    courses: courses.map((c) => ({
      slug: c.slug,
      title: c.title(options.language),
      lessonCount: c.lessonSlugs.length,
      criterionCourse: c.criterionCourse,
      certified: courseCounts.get(c.slug)?.certified ?? 0,
      inProgress: courseCounts.get(c.slug)?.inProgress ?? 0,
    })),
    members: { ...members, items: members.items.map((m) => ({ ...m, progress: progress.get(m.userId) ?? {} })) },
    series,
  };
}

/** Per course: how many of the company's people hold a valid certificate, and how many have started without one. */
async function countCourseStates(organizationId: string, courses: CourseSummary[], now: Date) {
  const db = await getDb();
  const counts = new Map<string, { certified: number; inProgress: number }>();
  if (courses.length === 0) return counts;
  const slugs = Prisma.join(courses.map((c) => c.slug));
  const certified = await db.$queryRaw<Array<{ slug: string; n: number }>>`
    SELECT c."courseSlug" AS slug, count(DISTINCT c."userId")::int AS n
    FROM "Certificate" c JOIN "Membership" m ON m."userId" = c."userId" AND m."organizationId" = ${organizationId}
    WHERE c."courseSlug" IN (${slugs}) AND ${validCertificateSql("c", now)}
    GROUP BY 1`;
  const started = await db.$queryRaw<Array<{ slug: string; n: number }>>`
    SELECT e."courseSlug" AS slug, count(DISTINCT e."userId")::int AS n
    FROM "Enrollment" e JOIN "Membership" m ON m."userId" = e."userId" AND m."organizationId" = ${organizationId}
    WHERE e."courseSlug" IN (${slugs}) AND NOT EXISTS (
      SELECT 1 FROM "Certificate" c WHERE c."userId" = e."userId" AND c."courseSlug" = e."courseSlug"
        AND ${validCertificateSql("c", now)})
    GROUP BY 1`;
  for (const c of courses) counts.set(c.slug, { certified: 0, inProgress: 0 });
  for (const r of certified) counts.get(r.slug)!.certified = Number(r.n);
  for (const r of started) counts.get(r.slug)!.inProgress = Number(r.n);
  return counts;
}

// ---------- CSV export ----------

const isoDate = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");

/**
 * The whole team as CSV (one row per person, a group of columns per course), built in batches.
 * `t` translates the header and state words into the reader's language.
 */
export async function* teamCsv(
  organizationId: string,
  options: { t: (key: string) => string; language: string; delimiter?: CsvDelimiter; now?: Date },
): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ",";
  const now = options.now ?? new Date();
  const courses = await listCourseSummaries();
  const org = await (
    await getDb()
  ).organization.findUnique({ where: { id: organizationId }, select: { country: true } });
  const timeZone = companyTimeZone(org?.country ?? "SE");
  const header = [options.t("csv.name"), options.t("csv.email"), options.t("csv.role"), options.t("csv.memberSince")];
  for (const c of courses) {
    const title = c.title(options.language);
    header.push(
      `${title}: ${options.t("csv.status")}`,
      `${title}: ${options.t("csv.lessonsDone")}`,
      `${title}: ${options.t("csv.certificate")}`,
      `${title}: ${options.t("csv.issued")}`,
      `${title}: ${options.t("csv.expires")}`,
      `${title}: ${options.t("assignments:csv.assignedBy")}`,
      `${title}: ${options.t("assignments:csv.due")}`,
      `${title}: ${options.t("assignments:csv.overdue")}`,
    );
  }
  yield CSV_BOM + csvLine(header, delimiter);
  let page = 1;
  for (;;) {
    const batch = await listMembers(organizationId, { page, pageSize: 200 });
    const progress = await loadProgress(
      batch.items.map((m) => m.userId),
      courses,
      now,
    );
    const assigned = await assignmentsForPeople(
      organizationId,
      batch.items.map((m) => m.userId),
    );
    for (const m of batch.items) {
      // Several roles in one cell, joined by " + " (a company admin who is also a manager).
      const cells: Array<string | number | null> = [
        m.name,
        m.email,
        m.roles.map((r) => options.t(`roles.${r}`)).join(" + "),
        isoDate(m.since),
      ];
      for (const c of courses) {
        const p = progress.get(m.userId)?.[c.slug];
        cells.push(
          p ? options.t(`progress.${p.state}`) : "",
          p ? `${p.lessonsDone}/${p.lessonCount}` : "",
          p?.certificate?.number ?? "",
          isoDate(p?.certificate?.issuedAt),
          isoDate(p?.certificate?.expiresAt),
        );
        // The assignment (if any): who assigned it, the due day in the company's time zone, and
        // whether it is overdue (past due and no valid certificate).
        const a = assigned.get(`${m.userId} ${c.slug}`);
        cells.push(
          a?.assignedBy ?? "",
          a ? dayIn(a.dueAt, timeZone) : "",
          a
            ? options.t(
                assignmentState({ dueAt: a.dueAt, completed: p?.state === "certified" }, now) === "overdue"
                  ? "assignments:csv.yes"
                  : "assignments:csv.no",
              )
            : "",
        );
      }
      yield csvLine(cells, delimiter);
    }
    if (page >= batch.pages) break;
    page += 1;
  }
}
