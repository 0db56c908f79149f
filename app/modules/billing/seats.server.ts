// Seats a company bought: who holds one, how many are free, giving one to a person and moving one
// from someone who has not started. Each change locks the company's packs for the course, so two
// admins giving away the last seat at once cannot both succeed; each is written to the audit chain.
import type { Prisma } from "~/generated/prisma/client";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { getDb } from "~/utils/db.server";

type Tx = Prisma.TransactionClient;

export type SeatHolder = {
  assignmentId: string;
  userId: string;
  name: string | null;
  email: string;
  assignedAt: Date;
  started: boolean;
};
export type CourseSeats = { courseSlug: string; seats: number; used: number; free: number; holders: SeatHolder[] };

/** The company's seats per course, with who holds them and whether they have started. */
export async function seatOverview(organizationId: string): Promise<CourseSeats[]> {
  const db = await getDb();
  const packs = await db.seatPack.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: {
      courseSlug: true,
      seats: true,
      assignments: {
        where: { releasedAt: null },
        orderBy: { assignedAt: "asc" },
        select: { id: true, assignedAt: true, user: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  const byCourse = new Map<string, CourseSeats>();
  for (const pack of packs) {
    const entry = byCourse.get(pack.courseSlug) ?? {
      courseSlug: pack.courseSlug,
      seats: 0,
      used: 0,
      free: 0,
      holders: [],
    };
    entry.seats += pack.seats;
    for (const a of pack.assignments)
      entry.holders.push({
        assignmentId: a.id,
        userId: a.user.id,
        name: a.user.name,
        email: a.user.email,
        assignedAt: a.assignedAt,
        started: false,
      });
    byCourse.set(pack.courseSlug, entry);
  }
  for (const entry of byCourse.values()) {
    const started = await db.enrollment.findMany({
      where: { courseSlug: entry.courseSlug, userId: { in: entry.holders.map((h) => h.userId) } },
      select: { userId: true },
    });
    const set = new Set(started.map((s) => s.userId));
    for (const h of entry.holders) h.started = set.has(h.userId);
    entry.used = entry.holders.length;
    entry.free = Math.max(0, entry.seats - entry.used);
  }
  return [...byCourse.values()];
}

export type SeatError = "not_member" | "no_free_seat" | "already_has_seat" | "not_found" | "started";

async function lockPacks(tx: Tx, organizationId: string, courseSlug: string) {
  await tx.$queryRaw`SELECT "id" FROM "SeatPack" WHERE "organizationId" = ${organizationId} AND "courseSlug" = ${courseSlug} ORDER BY "id" FOR UPDATE`;
  return tx.seatPack.findMany({
    where: { organizationId, courseSlug, seats: { gt: 0 } },
    orderBy: { createdAt: "asc" },
    select: { id: true, seats: true, _count: { select: { assignments: { where: { releasedAt: null } } } } },
  });
}

async function give(
  tx: Tx,
  organizationId: string,
  courseSlug: string,
  userId: string,
  actorId: string | null,
): Promise<{ ok: true; assignmentId: string } | { ok: false; error: SeatError }> {
  const member = await tx.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { id: true },
  });
  if (!member) return { ok: false, error: "not_member" };
  const packs = await lockPacks(tx, organizationId, courseSlug);
  const holds = await tx.seatAssignment.findFirst({
    where: { userId, releasedAt: null, seatPack: { organizationId, courseSlug } },
    select: { id: true },
  });
  if (holds) return { ok: false, error: "already_has_seat" };
  const pack = packs.find((p) => p.seats > p._count.assignments);
  if (!pack) return { ok: false, error: "no_free_seat" };
  const assignment = await tx.seatAssignment.create({ data: { seatPackId: pack.id, userId, assignedById: actorId } });
  await tx.entitlement.create({ data: { userId, courseSlug, source: "seat", seatAssignmentId: assignment.id } });
  await appendAuditEntry(tx, "billing.seat_assigned", {
    organizationId,
    courseSlug,
    seatPackId: pack.id,
    assignmentId: assignment.id,
    userId,
    actorId,
  });
  return { ok: true, assignmentId: assignment.id };
}

/** Gives a free seat of the course to a person of the company. */
export async function assignSeat(input: {
  organizationId: string;
  courseSlug: string;
  userId: string;
  actorId: string | null;
}) {
  const db = await getDb();
  return db.$transaction((tx) => give(tx, input.organizationId, input.courseSlug, input.userId, input.actorId));
}

async function takeBack(tx: Tx, organizationId: string, assignmentId: string, actorId: string | null, reason: string) {
  const assignment = await tx.seatAssignment.findFirst({
    where: { id: assignmentId, releasedAt: null, seatPack: { organizationId } },
    select: { id: true, userId: true, seatPack: { select: { courseSlug: true } } },
  });
  if (!assignment) return { ok: false as const, error: "not_found" as const };
  const courseSlug = assignment.seatPack.courseSlug;
  await lockPacks(tx, organizationId, courseSlug);
  const started = await tx.enrollment.findUnique({
    where: { userId_courseSlug: { userId: assignment.userId, courseSlug } },
    select: { id: true },
  });
  if (started) return { ok: false as const, error: "started" as const };
  const now = new Date();
  const released = await tx.seatAssignment.updateMany({
    where: { id: assignment.id, releasedAt: null },
    data: { releasedAt: now },
  });
  if (released.count === 0) return { ok: false as const, error: "not_found" as const };
  await tx.entitlement.updateMany({
    where: { seatAssignmentId: assignment.id, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  await appendAuditEntry(tx, "billing.seat_released", {
    organizationId,
    courseSlug,
    assignmentId,
    userId: assignment.userId,
    actorId,
    reason,
  });
  return { ok: true as const, courseSlug };
}

/** Frees the seat of someone who has not started the course (it becomes free again). */
export async function releaseSeat(input: { organizationId: string; assignmentId: string; actorId: string | null }) {
  const db = await getDb();
  return db.$transaction((tx) => takeBack(tx, input.organizationId, input.assignmentId, input.actorId, "released"));
}

/** Moves a seat from someone who has not started to another person of the company, in one transaction. */
export async function moveSeat(input: {
  organizationId: string;
  assignmentId: string;
  toUserId: string;
  actorId: string | null;
}): Promise<{ ok: true; assignmentId: string } | { ok: false; error: SeatError }> {
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      const taken = await takeBack(tx, input.organizationId, input.assignmentId, input.actorId, "moved");
      if (!taken.ok) return taken;
      const given = await give(tx, input.organizationId, taken.courseSlug, input.toUserId, input.actorId);
      // Undo the release when the new holder cannot take it (not in the company, already has one).
      if (!given.ok) throw new SeatMoveRefused(given.error);
      return given;
    });
  } catch (err) {
    if (err instanceof SeatMoveRefused) return { ok: false, error: err.error };
    throw err;
  }
}

class SeatMoveRefused extends Error {
  constructor(readonly error: SeatError) {
    super(error);
  }
}
