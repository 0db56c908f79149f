// Course assignments (issue 13, docs/decisions/024): a company admin or manager expects a course
// to be taken by a date, by chosen people or by everyone holding a role, now and later.
// - CourseAssignment is what was decided (course, target, due date, by whom); CourseAssignee is
//   each person's share of it, with their own due date and the reminder job's marks.
// - A role assignment reaches current holders at once and future ones when they get the role
//   (applyRoleAssignments, called by the organizations module on joining and on role changes);
//   losing the role drops it (unless the person was also assigned directly).
// - Done = a valid certificate of the course (every course ends in a quiz, and passing it issues
//   the certificate); overdue = not done after the end of the due day in the company's time zone.
// Callers have checked that the actor may follow this company's team (requireOrgRole).
import type { Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { listCourseSummaries } from "~/modules/organizations/course-summaries.server";
import { isOrgRole, normalizeRoles, type OrgRoleValue } from "~/modules/organizations/roles";
import { getDb } from "~/utils/db.server";
import { assignmentState, companyTimeZone, dayIn, endOfDay, lateJoinerDueAt, type AssignmentState } from "./due-date";

type Tx = Prisma.TransactionClient;

export const MAX_PEOPLE_PER_ASSIGNMENT = 500;

export type AssignTarget = { kind: "people"; membershipIds: string[] } | { kind: "role"; role: OrgRoleValue };

export type AssignError = "unknown_course" | "not_found" | "past_due" | "too_many";

/** The course slugs people can be assigned (every published course). */
async function courseExists(slug: string) {
  return (await listCourseSummaries()).some((c) => c.slug === slug);
}

/**
 * Assigns a course with a due day ("YYYY-MM-DD", in the company's time zone) to people of the
 * company or to a role. Assigning again changes the date (and re-arms the reminders). One
 * transaction for all of it, with an audit entry per assignment.
 */
export async function assignCourse(input: {
  organizationId: string;
  courseSlug: string;
  target: AssignTarget;
  dueDay: string;
  actorId: string;
  now?: Date;
}): Promise<{ ok: true; assignmentIds: string[]; people: number } | { ok: false; error: AssignError }> {
  const now = input.now ?? new Date();
  if (!(await courseExists(input.courseSlug))) return { ok: false, error: "unknown_course" };
  const db = await getDb();
  const org = await db.organization.findUnique({ where: { id: input.organizationId }, select: { country: true } });
  if (!org) return { ok: false, error: "not_found" };
  const timeZone = companyTimeZone(org.country);
  const dueAt = endOfDay(input.dueDay, timeZone);
  if (dueAt <= now) return { ok: false, error: "past_due" };
  if (input.target.kind === "people" && input.target.membershipIds.length > MAX_PEOPLE_PER_ASSIGNMENT)
    return { ok: false, error: "too_many" };

  return db.$transaction(async (tx) => {
    const base = { organizationId: input.organizationId, courseSlug: input.courseSlug };
    const ids: string[] = [];
    let people = 0;
    if (input.target.kind === "people") {
      const memberships = await tx.membership.findMany({
        where: { organizationId: input.organizationId, id: { in: [...new Set(input.target.membershipIds)] } },
        select: { id: true, userId: true },
      });
      // Someone of another company (or gone): nothing is written, the whole request is refused.
      if (memberships.length === 0 || memberships.length !== new Set(input.target.membershipIds).size)
        return { ok: false as const, error: "not_found" as const };
      for (const m of memberships) {
        const assignment = await tx.courseAssignment.upsert({
          where: { organizationId_courseSlug_membershipId: { ...base, membershipId: m.id } },
          create: { ...base, membershipId: m.id, dueAt, assignedById: input.actorId },
          update: { dueAt, assignedById: input.actorId },
          select: { id: true },
        });
        await upsertAssignee(tx, { assignmentId: assignment.id, membershipId: m.id, userId: m.userId, ...base, dueAt });
        await appendAuditEntry(tx, "assignment.assigned", {
          ...base,
          assignmentId: assignment.id,
          userId: m.userId,
          dueAt: dueAt.toISOString(),
          actorId: input.actorId,
        });
        ids.push(assignment.id);
        people++;
      }
    } else {
      const role = input.target.role;
      const assignment = await tx.courseAssignment.upsert({
        where: { organizationId_courseSlug_role: { ...base, role } },
        create: { ...base, role, dueAt, assignedById: input.actorId },
        update: { dueAt, assignedById: input.actorId },
        select: { id: true },
      });
      const holders = await tx.membership.findMany({
        where: { organizationId: input.organizationId, roles: { has: role } },
        select: { id: true, userId: true },
      });
      for (const m of holders)
        await upsertAssignee(tx, { assignmentId: assignment.id, membershipId: m.id, userId: m.userId, ...base, dueAt });
      await appendAuditEntry(tx, "assignment.assigned", {
        ...base,
        assignmentId: assignment.id,
        role,
        people: holders.length,
        dueAt: dueAt.toISOString(),
        actorId: input.actorId,
      });
      ids.push(assignment.id);
      people = holders.length;
    }
    return { ok: true as const, assignmentIds: ids, people };
  });
}

async function upsertAssignee(
  tx: Tx,
  row: {
    assignmentId: string;
    membershipId: string;
    userId: string;
    organizationId: string;
    courseSlug: string;
    dueAt: Date;
  },
) {
  // A new date re-arms the reminders: the person hears about the date they now have.
  await tx.courseAssignee.upsert({
    where: { assignmentId_membershipId: { assignmentId: row.assignmentId, membershipId: row.membershipId } },
    create: row,
    update: { dueAt: row.dueAt, reminderSentAt: null, overdueSentAt: null },
  });
}

/** Removes an assignment of this company (and every person's share of it). */
export async function removeAssignment(input: {
  organizationId: string;
  assignmentId: string;
  actorId: string;
}): Promise<{ ok: true } | { ok: false; error: "not_found" }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const found = await tx.courseAssignment.findFirst({
      where: { id: input.assignmentId, organizationId: input.organizationId },
      select: { id: true, courseSlug: true, role: true, membership: { select: { userId: true } } },
    });
    if (!found) return { ok: false as const, error: "not_found" as const };
    await tx.courseAssignment.delete({ where: { id: found.id } });
    await appendAuditEntry(tx, "assignment.removed", {
      organizationId: input.organizationId,
      courseSlug: found.courseSlug,
      assignmentId: found.id,
      ...(found.role ? { role: found.role } : { userId: found.membership?.userId ?? null }),
      actorId: input.actorId,
    });
    return { ok: true as const };
  });
}

/**
 * Brings one membership's role assignments in line with its roles, inside the transaction that
 * created the membership or changed its roles: a role it holds now reaches it (with at least
 * LATE_JOINER_DAYS to go), a role it no longer holds is dropped. Direct assignments stay.
 */
export async function applyRoleAssignments(tx: Tx, membershipId: string, now = new Date()): Promise<void> {
  const membership = await tx.membership.findUnique({
    where: { id: membershipId },
    select: { id: true, userId: true, organizationId: true, roles: true, organization: { select: { country: true } } },
  });
  if (!membership) return;
  const roles = normalizeRoles(membership.roles);
  await tx.courseAssignee.deleteMany({ where: { membershipId, assignment: { role: { not: null, notIn: roles } } } });
  if (roles.length === 0) return;
  const assignments = await tx.courseAssignment.findMany({
    where: { organizationId: membership.organizationId, role: { in: roles }, assignees: { none: { membershipId } } },
    select: { id: true, courseSlug: true, dueAt: true },
  });
  const timeZone = companyTimeZone(membership.organization.country);
  for (const a of assignments) {
    await tx.courseAssignee.create({
      data: {
        assignmentId: a.id,
        membershipId,
        userId: membership.userId,
        organizationId: membership.organizationId,
        courseSlug: a.courseSlug,
        dueAt: lateJoinerDueAt(a.dueAt, now, timeZone),
      },
    });
  }
}

// ---------------------------------------------------------------- reading

/** Valid certificates, per "userId course" key, of these people in these courses. */
async function completedKeys(userIds: string[], slugs: string[], now: Date): Promise<Set<string>> {
  if (userIds.length === 0 || slugs.length === 0) return new Set();
  const db = await getDb();
  const rows = await db.certificate.findMany({
    where: {
      userId: { in: userIds },
      courseSlug: { in: slugs },
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: { userId: true, courseSlug: true },
    distinct: ["userId", "courseSlug"],
  });
  return new Set(rows.map((r) => `${r.userId} ${r.courseSlug}`));
}

export type PersonAssignment = {
  courseSlug: string;
  dueAt: Date;
  state: AssignmentState;
  assignedBy: string | null;
  assignedAt: Date;
  organizationId: string;
  organizationName: string;
  /** The due day ("YYYY-MM-DD") in the company's time zone, as the assigner chose it. */
  dueDay: string;
  viaRole: OrgRoleValue | null;
};

/**
 * A person's assignments (in one company, or in all of theirs), one per course: the earliest due
 * date when a course is assigned twice (directly and by role). Soonest due first.
 */
export async function assignmentsOfPerson(
  userId: string,
  options: { organizationId?: string; now?: Date } = {},
): Promise<PersonAssignment[]> {
  const now = options.now ?? new Date();
  const db = await getDb();
  const rows = await db.courseAssignee.findMany({
    where: { userId, ...(options.organizationId ? { organizationId: options.organizationId } : {}) },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      courseSlug: true,
      dueAt: true,
      organizationId: true,
      assignment: {
        select: {
          role: true,
          createdAt: true,
          updatedAt: true,
          assignedBy: { select: { name: true, email: true } },
          organization: { select: { name: true, country: true } },
        },
      },
    },
  });
  const done = await completedKeys([userId], [...new Set(rows.map((r) => r.courseSlug))], now);
  const seen = new Set<string>();
  const result: PersonAssignment[] = [];
  for (const r of rows) {
    const key = `${r.organizationId} ${r.courseSlug}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      courseSlug: r.courseSlug,
      dueAt: r.dueAt,
      state: assignmentState({ dueAt: r.dueAt, completed: done.has(`${userId} ${r.courseSlug}`) }, now),
      assignedBy: r.assignment.assignedBy?.name ?? r.assignment.assignedBy?.email ?? null,
      assignedAt: r.assignment.updatedAt,
      organizationId: r.organizationId,
      organizationName: r.assignment.organization.name,
      dueDay: dayIn(r.dueAt, companyTimeZone(r.assignment.organization.country)),
      viaRole: isOrgRole(r.assignment.role) ? r.assignment.role : null,
    });
  }
  return result;
}

/**
 * The courses a person is expected to take in a company, soonest due first, done ones last: what
 * an invitee should land on after accepting (used by the welcome mail and the invitation flow).
 */
export async function assignedCoursesFor(
  userId: string,
  organizationId: string,
  now = new Date(),
): Promise<Array<{ courseSlug: string; dueAt: Date; state: AssignmentState }>> {
  const list = await assignmentsOfPerson(userId, { organizationId, now });
  return list
    .map(({ courseSlug, dueAt, state }) => ({ courseSlug, dueAt, state }))
    .sort((a, b) => Number(a.state === "done") - Number(b.state === "done") || a.dueAt.getTime() - b.dueAt.getTime());
}

export type AssignmentListItem = {
  id: string;
  courseSlug: string;
  courseTitle: string;
  role: OrgRoleValue | null;
  person: { name: string | null; email: string } | null;
  dueAt: Date;
  assignedBy: string | null;
  people: number;
  done: number;
  overdue: number;
};

/** The company's assignments for the assignments page, newest first (bounded). */
export async function listAssignments(
  organizationId: string,
  language: string,
  now = new Date(),
): Promise<AssignmentListItem[]> {
  const db = await getDb();
  const rows = await db.courseAssignment.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 300,
    select: {
      id: true,
      courseSlug: true,
      role: true,
      dueAt: true,
      assignedBy: { select: { name: true, email: true } },
      membership: { select: { user: { select: { name: true, email: true } } } },
      assignees: { select: { userId: true, courseSlug: true, dueAt: true } },
    },
  });
  const courses = new Map((await listCourseSummaries()).map((c) => [c.slug, c]));
  const all = rows.flatMap((r) => r.assignees);
  const done = await completedKeys(
    [...new Set(all.map((a) => a.userId))],
    [...new Set(all.map((a) => a.courseSlug))],
    now,
  );
  return rows.map((r) => {
    const states = r.assignees.map((a) =>
      assignmentState({ dueAt: a.dueAt, completed: done.has(`${a.userId} ${a.courseSlug}`) }, now),
    );
    return {
      id: r.id,
      courseSlug: r.courseSlug,
      courseTitle: courses.get(r.courseSlug)?.title(language) ?? r.courseSlug,
      role: isOrgRole(r.role) ? r.role : null,
      person: r.membership ? { name: r.membership.user.name, email: r.membership.user.email } : null,
      dueAt: r.dueAt,
      assignedBy: r.assignedBy?.name ?? r.assignedBy?.email ?? null,
      people: r.assignees.length,
      done: states.filter((s) => s === "done").length,
      overdue: states.filter((s) => s === "overdue").length,
    };
  });
}

export type OverduePerson = {
  userId: string;
  name: string | null;
  email: string;
  courseSlug: string;
  courseTitle: string;
  dueAt: Date;
};

/** People of the company with an assigned course past its due date and not done (bounded, oldest due first). */
export async function overduePeople(
  organizationId: string,
  language: string,
  now = new Date(),
  limit = 100,
): Promise<{ items: OverduePerson[]; total: number }> {
  const db = await getDb();
  // Not done = no valid certificate of the course, checked in the query; one row per person and
  // course (the earliest due date when a course is assigned twice).
  const rows = await db.$queryRaw<
    Array<{ userId: string; name: string | null; email: string; courseSlug: string; dueAt: Date }>
  >`
    SELECT DISTINCT ON (a."userId", a."courseSlug") a."userId", u."name", u."email", a."courseSlug", a."dueAt"
    FROM "CourseAssignee" a JOIN "User" u ON u."id" = a."userId"
    WHERE a."organizationId" = ${organizationId} AND a."dueAt" < ${now}
      AND NOT EXISTS (
        SELECT 1 FROM "Certificate" c WHERE c."userId" = a."userId" AND c."courseSlug" = a."courseSlug"
          AND c."revokedAt" IS NULL AND (c."expiresAt" IS NULL OR c."expiresAt" > ${now}))
    ORDER BY a."userId", a."courseSlug", a."dueAt" ASC
    LIMIT 5000`;
  const courses = new Map((await listCourseSummaries()).map((c) => [c.slug, c]));
  const items = rows
    .map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      courseSlug: r.courseSlug,
      courseTitle: courses.get(r.courseSlug)?.title(language) ?? r.courseSlug,
      dueAt: r.dueAt,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.name ?? a.email).localeCompare(b.name ?? b.email));
  return { items: items.slice(0, limit), total: items.length };
}

/** Per person of a batch and course: the assignment the CSV export shows (earliest due, its assigner). */
export async function assignmentsForPeople(
  organizationId: string,
  userIds: string[],
): Promise<Map<string, { dueAt: Date; assignedBy: string | null }>> {
  const result = new Map<string, { dueAt: Date; assignedBy: string | null }>();
  if (userIds.length === 0) return result;
  const db = await getDb();
  const rows = await db.courseAssignee.findMany({
    where: { organizationId, userId: { in: userIds } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    select: {
      userId: true,
      courseSlug: true,
      dueAt: true,
      assignment: { select: { assignedBy: { select: { name: true, email: true } } } },
    },
  });
  for (const r of rows) {
    const key = `${r.userId} ${r.courseSlug}`;
    if (!result.has(key))
      result.set(key, {
        dueAt: r.dueAt,
        assignedBy: r.assignment.assignedBy?.name ?? r.assignment.assignedBy?.email ?? null,
      });
  }
  return result;
}

/** The people and courses the assignment form offers (people bounded; a role reaches everyone). */
export async function assignmentFormOptions(organizationId: string, language: string) {
  const db = await getDb();
  const [people, courses, org] = await Promise.all([
    db.membership.findMany({
      where: { organizationId },
      orderBy: [{ user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }],
      take: 1000,
      select: { id: true, roles: true, user: { select: { name: true, email: true } } },
    }),
    listCourseSummaries(),
    db.organization.findUnique({ where: { id: organizationId }, select: { country: true } }),
  ]);
  return {
    people: people.map((m) => ({
      membershipId: m.id,
      name: m.user.name,
      email: m.user.email,
      roles: normalizeRoles(m.roles),
    })),
    courses: courses.map((c) => ({ slug: c.slug, title: c.title(language), criterionCourse: c.criterionCourse })),
    timeZone: companyTimeZone(org?.country ?? "SE"),
  };
}
