// Course assignments on both engines (issue 13, docs/decisions/024):
// - the model: to people and to a role; a role reaches current holders and later ones (joining,
//   role grant) with at least LATE_JOINER_DAYS, losing the role drops it, leaving the company
//   removes it; assigning again changes the date; done = a valid certificate; the dashboard's
//   overdue list, the CSV columns and assignedCoursesFor;
// - who may: company admins and managers of THIS company, through the route; an agent gets 403, a
//   company admin of another company 404 and changes nothing, people of another company cannot be
//   named in the form, and another company's assignment cannot be removed;
// - the reminder job: one reminder 3 days before and one overdue mail per person, in the person's
//   language with text and HTML parts, none for people who are done, none (but marked) for people
//   who opted out, and exactly once when two runs overlap.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  applyRoleAssignments,
  assignCourse,
  assignedCoursesFor,
  assignmentsOfPerson,
  listAssignments,
  overduePeople,
  removeAssignment,
} from "~/modules/assignments/assignments.server";
import { dayIn, endOfDay, LATE_JOINER_DAYS } from "~/modules/assignments/due-date";
import { runAssignmentReminders } from "~/modules/assignments/reminders.server";
import { openBody } from "~/modules/mail/outbox.server";
import { addMember, removeMember, setRoles } from "~/modules/organizations/memberships.server";
import { teamCsv } from "~/modules/organizations/team.server";
import { getDb } from "~/utils/db.server";
import { createCompany, createPerson, CRITERION_COURSE, issueCertificate } from "../support/domain-fixtures";
import { callRoute, importRoute, listRouteFiles } from "../support/route-harness";

const engine = process.env.KA_TEST_ENGINE;
const DAY = 86_400_000;
const ETHICS = "etik-for-saljare-och-kundtjanst";
const STOCKHOLM = "Europe/Stockholm";

/** "YYYY-MM-DD" `days` from now in Stockholm. */
const dayFromNow = (days: number, from = new Date()) => dayIn(new Date(from.getTime() + days * DAY), STOCKHOLM);

async function membershipOf(userId: string, organizationId: string) {
  const db = await getDb();
  return db.membership.findFirstOrThrow({ where: { userId, organizationId } });
}

async function session(userId: string) {
  const db = await getDb();
  const token = randomUUID();
  await db.session.create({ data: { sessionToken: token, userId, expires: new Date(Date.now() + DAY) } });
  return { cookie: `authjs.session-token=${token}` };
}

describe(`course assignments on ${engine}`, () => {
  it("assigns to people and to a role, follows role changes and leaving, and tells who is overdue", async () => {
    const db = await getDb();
    const org = await createCompany();
    const admin = await createPerson(org.id, "org_admin", "Ada Admin");
    const manager = await createPerson(org.id, "manager", "Maja Chef");
    const agent = await createPerson(org.id, "agent", "Axel Agent");
    const dueDay = dayFromNow(10);

    // To a role: the current manager now.
    const toRole = await assignCourse({
      organizationId: org.id,
      courseSlug: CRITERION_COURSE,
      target: { kind: "role", role: "manager" },
      dueDay,
      actorId: admin.id,
    });
    expect(toRole).toMatchObject({ ok: true, people: 1 });
    // To a person.
    const agentMembership = await membershipOf(agent.id, org.id);
    expect(
      await assignCourse({
        organizationId: org.id,
        courseSlug: ETHICS,
        target: { kind: "people", membershipIds: [agentMembership.id] },
        dueDay,
        actorId: admin.id,
      }),
    ).toMatchObject({ ok: true, people: 1 });

    const [mine] = await assignmentsOfPerson(manager.id);
    expect(mine).toMatchObject({
      courseSlug: CRITERION_COURSE,
      state: "pending",
      assignedBy: "Ada Admin",
      viaRole: "manager",
      dueDay,
    });
    expect(mine!.dueAt).toEqual(endOfDay(dueDay, STOCKHOLM));
    expect(await assignedCoursesFor(agent.id, org.id)).toEqual([
      { courseSlug: ETHICS, dueAt: endOfDay(dueDay, STOCKHOLM), state: "pending" },
    ]);

    // A new manager (accepting an invitation adds the member): gets it, with at least LATE_JOINER_DAYS.
    const newcomer = await db.user.create({
      data: { email: `new-${randomUUID().slice(0, 6)}@test.example`, name: "Nils Ny" },
    });
    await db.$transaction((tx) =>
      addMember(tx, { organizationId: org.id, userId: newcomer.id, roles: ["manager"], actorId: null }),
    );
    const [newcomers] = await assignmentsOfPerson(newcomer.id);
    expect(newcomers!.courseSlug).toBe(CRITERION_COURSE);
    expect(newcomers!.dueAt.getTime()).toBeGreaterThanOrEqual(Date.now() + (LATE_JOINER_DAYS - 1) * DAY);

    // The agent is made a manager too: gets the role's course; losing the role drops it, the direct one stays.
    await setRoles({
      organizationId: org.id,
      membershipId: agentMembership.id,
      roles: ["manager", "agent"],
      actorId: admin.id,
    });
    expect((await assignmentsOfPerson(agent.id)).map((a) => a.courseSlug).sort()).toEqual(
      [ETHICS, CRITERION_COURSE].sort(),
    );
    await setRoles({ organizationId: org.id, membershipId: agentMembership.id, roles: ["agent"], actorId: admin.id });
    expect((await assignmentsOfPerson(agent.id)).map((a) => a.courseSlug)).toEqual([ETHICS]);
    // applyRoleAssignments is idempotent.
    await db.$transaction((tx) => applyRoleAssignments(tx, agentMembership.id));
    expect(await db.courseAssignee.count({ where: { userId: agent.id } })).toBe(1);

    // Assigning again changes the date (and re-arms the reminders) instead of adding a second one.
    await db.courseAssignee.updateMany({ where: { userId: agent.id }, data: { reminderSentAt: new Date() } });
    const later = dayFromNow(20);
    await assignCourse({
      organizationId: org.id,
      courseSlug: ETHICS,
      target: { kind: "people", membershipIds: [agentMembership.id] },
      dueDay: later,
      actorId: manager.id,
    });
    const again = await db.courseAssignee.findMany({ where: { userId: agent.id } });
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ dueAt: endOfDay(later, STOCKHOLM), reminderSentAt: null });
    expect((await assignmentsOfPerson(agent.id))[0]!.assignedBy).toBe("Maja Chef");

    // A date that has passed (in the company's time zone) is refused; so is an unknown course.
    expect(
      await assignCourse({
        organizationId: org.id,
        courseSlug: ETHICS,
        target: { kind: "role", role: "agent" },
        dueDay: dayFromNow(-1),
        actorId: admin.id,
      }),
    ).toEqual({ ok: false, error: "past_due" });
    expect(
      await assignCourse({
        organizationId: org.id,
        courseSlug: "no-such-course",
        target: { kind: "role", role: "agent" },
        dueDay,
        actorId: admin.id,
      }),
    ).toEqual({ ok: false, error: "unknown_course" });

    // Overdue: the clock passes the manager's due day; a valid certificate makes it done.
    const after = new Date(endOfDay(dueDay, STOCKHOLM).getTime() + 1);
    expect((await overduePeople(org.id, "sv", after)).items.map((o) => o.userId)).toEqual([manager.id]);
    expect((await assignmentsOfPerson(manager.id, { now: after }))[0]!.state).toBe("overdue");
    await issueCertificate(manager.id, { criterionCourse: true });
    expect((await overduePeople(org.id, "sv", after)).items).toEqual([]);
    expect((await assignmentsOfPerson(manager.id, { now: after }))[0]!.state).toBe("done");
    const list = await listAssignments(org.id, "sv", after);
    expect(list.find((a) => a.role === "manager")).toMatchObject({ people: 2, done: 1, overdue: 0 });

    // CSV: assigned by, due day, overdue, per course.
    let csv = "";
    for await (const chunk of teamCsv(org.id, { t: (k) => k, language: "sv", now: after })) csv += chunk;
    const header = csv.replace(/^\uFEFF/, "").split("\r\n")[0]!;
    expect(header).toContain("assignments:csv.assignedBy");
    expect(header).toContain("assignments:csv.overdue");
    const agentLine = csv.split("\r\n").find((l) => l.includes(agent.email))!;
    expect(agentLine).toContain(`Maja Chef,${later},assignments:csv.no`);

    // Leaving the company removes the person's assignments; removing an assignment removes everyone's share.
    await removeMember({ organizationId: org.id, membershipId: agentMembership.id, actorId: admin.id });
    expect(await db.courseAssignee.count({ where: { userId: agent.id } })).toBe(0);
    expect(await db.courseAssignment.count({ where: { membershipId: agentMembership.id } })).toBe(0);
    expect(
      await removeAssignment({
        organizationId: org.id,
        assignmentId: toRole.ok ? toRole.assignmentIds[0]! : "",
        actorId: admin.id,
      }),
    ).toEqual({ ok: true });
    expect(await db.courseAssignee.count({ where: { organizationId: org.id } })).toBe(0);
    const audit = await db.auditEntry.findMany({
      where: { type: { startsWith: "assignment." } },
      select: { type: true },
    });
    expect(audit.map((a) => a.type)).toEqual(expect.arrayContaining(["assignment.assigned", "assignment.removed"]));
  });

  it("lets company admins and managers of this company assign through the page, and nobody else", async () => {
    const db = await getDb();
    const route = listRouteFiles().find((r) => r.file === "team.$orgId.assignments.tsx")!;
    const mod = await importRoute(route);
    const orgA = await createCompany();
    const orgB = await createCompany();
    const adminA = await createPerson(orgA.id, "org_admin");
    const managerA = await createPerson(orgA.id, "manager");
    const agentA = await createPerson(orgA.id, "agent");
    const adminB = await createPerson(orgB.id, "org_admin");
    const personB = await createPerson(orgB.id, "agent");
    const agentMembership = await membershipOf(agentA.id, orgA.id);
    const memberB = await membershipOf(personB.id, orgB.id);
    const dueDate = dayFromNow(14);
    const post = async (userId: string, orgId: string, fields: Array<[string, string]>) =>
      callRoute(mod, {
        method: "POST",
        path: `/team/${orgId}/assignments`,
        params: { orgId },
        headers: await session(userId),
        body: new URLSearchParams(fields),
      });
    const toAgent: Array<[string, string]> = [
      ["intent", "assign"],
      ["target", "people"],
      ["courseSlug", ETHICS],
      ["dueDate", dueDate],
      ["membershipIds", agentMembership.id],
    ];

    expect((await post(agentA.id, orgA.id, toAgent)).status).toBe(403);
    const outsider = await post(adminB.id, orgA.id, toAgent);
    expect(outsider.status).toBe(404);
    expect(outsider.body).not.toContain(orgA.name);
    expect(await db.courseAssignment.count({ where: { organizationId: orgA.id } })).toBe(0);
    const outsiderLooks = await callRoute(mod, {
      path: `/team/${orgA.id}/assignments`,
      params: { orgId: orgA.id },
      headers: await session(adminB.id),
    });
    expect(outsiderLooks.status).toBe(404);
    expect(outsiderLooks.body).not.toContain(agentA.email);

    // Naming someone of company B in A's form: refused as a whole, nothing written anywhere.
    const mixed = await post(adminA.id, orgA.id, [...toAgent, ["membershipIds", memberB.id]]);
    expect(mixed.status).toBe(404);
    expect(JSON.parse(mixed.body).result.error).toEqual({ membershipIds: ["notFound"] });
    expect(await db.courseAssignment.count({ where: { organizationId: { in: [orgA.id, orgB.id] } } })).toBe(0);

    // Bad input: clear 400s naming the field.
    const missing = await post(managerA.id, orgA.id, [
      ["intent", "assign"],
      ["target", "people"],
      ["courseSlug", ETHICS],
      ["dueDate", "2027-02-30"],
    ]);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).result.error).toMatchObject({
      membershipIds: ["pickPeople"],
      dueDate: ["badDate"],
    });
    const past = await post(managerA.id, orgA.id, [
      ["intent", "assign"],
      ["target", "role"],
      ["courseSlug", ETHICS],
      ["dueDate", dayFromNow(-2)],
      ["role", "agent"],
    ]);
    expect([past.status, JSON.parse(past.body).result.error]).toEqual([400, { dueDate: ["pastDue"] }]);

    // A manager of A may.
    const ok = await post(managerA.id, orgA.id, toAgent);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).done).toEqual({ kind: "people", count: 1 });
    const page = await callRoute(mod, {
      path: `/team/${orgA.id}/assignments`,
      params: { orgId: orgA.id },
      headers: await session(adminA.id),
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(agentA.email);
    const assignmentId = (await db.courseAssignment.findFirstOrThrow({ where: { organizationId: orgA.id } })).id;

    // B's admin cannot remove A's assignment through B's own page either.
    const removeViaB = await post(adminB.id, orgB.id, [
      ["intent", "remove"],
      ["assignmentId", assignmentId],
    ]);
    expect(removeViaB.status).toBe(404);
    expect(await db.courseAssignment.count({ where: { id: assignmentId } })).toBe(1);
    expect(
      (
        await post(adminA.id, orgA.id, [
          ["intent", "remove"],
          ["assignmentId", assignmentId],
        ])
      ).status,
    ).toBe(200);
    expect(await db.courseAssignment.count({ where: { id: assignmentId } })).toBe(0);
  });

  it("sends one reminder before the due day and one overdue mail per person, honours the opt-out, and never twice", async () => {
    const db = await getDb();
    await db.mailOutbox.deleteMany({});
    const org = await createCompany({ country: "FI" });
    const admin = await createPerson(org.id, "org_admin", "Aino Admin");
    const late = await createPerson(org.id, "manager", "Leena Myöhä");
    const optedOut = await createPerson(org.id, "manager", "Olli Ei");
    const passed = await createPerson(org.id, "manager", "Pekka Valmis");
    await db.user.update({ where: { id: optedOut.id }, data: { remindersOptOut: true } });
    await db.user.update({ where: { id: late.id }, data: { locale: "fi" } });
    await issueCertificate(passed.id, { criterionCourse: true });
    const helsinki = "Europe/Helsinki";
    const dueDay = dayIn(new Date(Date.now() + 10 * DAY), helsinki);
    expect(
      await assignCourse({
        organizationId: org.id,
        courseSlug: CRITERION_COURSE,
        target: { kind: "role", role: "manager" },
        dueDay,
        actorId: admin.id,
      }),
    ).toMatchObject({ ok: true, people: 3 });
    const dueAt = endOfDay(dueDay, helsinki);

    // Nothing yet, a week before.
    expect(await runAssignmentReminders(new Date(dueAt.getTime() - 7 * DAY))).toEqual({
      remindersQueued: 0,
      overdueQueued: 0,
      optedOut: 0,
      failures: 0,
    });
    // Two days before, two runs at once: one reminder for the late one, the opted-out one is marked only, the one who passed gets nothing.
    const twoDaysBefore = new Date(dueAt.getTime() - 2 * DAY);
    const runs = await Promise.all([runAssignmentReminders(twoDaysBefore), runAssignmentReminders(twoDaysBefore)]);
    expect(runs.reduce((n, r) => n + r.remindersQueued, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.optedOut, 0)).toBe(1);
    expect((await runAssignmentReminders(twoDaysBefore)).remindersQueued).toBe(0);
    let mails = await db.mailOutbox.findMany({ orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => [m.kind, m.to])).toEqual([["assignment_reminder", late.email]]);
    const reminderText = openBody(mails[0]!.text);
    expect(mails[0]!.subject).toContain("Muistutus");
    expect(reminderText).toContain("Aino Admin");
    expect(reminderText).toContain(`/courses/${CRITERION_COURSE}`);
    expect(openBody(mails[0]!.html!)).toContain(`<a href="http://localhost:3000/courses/${CRITERION_COURSE}">`);

    // Past the due day: one overdue mail, once.
    const after = new Date(dueAt.getTime() + 60_000);
    const overdueRuns = await Promise.all([runAssignmentReminders(after), runAssignmentReminders(after)]);
    expect(overdueRuns.reduce((n, r) => n + r.overdueQueued, 0)).toBe(1);
    expect((await runAssignmentReminders(new Date(after.getTime() + DAY))).overdueQueued).toBe(0);
    mails = await db.mailOutbox.findMany({ orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => [m.kind, m.to])).toEqual([
      ["assignment_reminder", late.email],
      ["assignment_overdue", late.email],
    ]);
    expect(mails[1]!.subject).toContain("Myöhässä");
    expect(
      await db.courseAssignee.count({
        where: { userId: optedOut.id, reminderSentAt: { not: null }, overdueSentAt: { not: null } },
      }),
    ).toBe(1);
    expect(
      await db.courseAssignee.count({ where: { userId: passed.id, reminderSentAt: null, overdueSentAt: null } }),
    ).toBe(1);
  });
});
