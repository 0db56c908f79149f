// Course prices, set by Kontakta staff (admin page /admin/billing/prices). Each change is audited.
import { z } from "zod";
import { appendAuditEntry } from "~/modules/api/audit.server";
import { getDb } from "~/utils/db.server";
import type { CoursePriceRow } from "./pricing";

/** "1 250,50" / "1250.5" / "" → minor units (125050) or null. */
const money = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    const normalised = v.replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (!/^\d{1,7}(\.\d{1,2})?$/.test(normalised)) {
      ctx.addIssue({ code: "custom", message: "amount" });
      return z.NEVER;
    }
    return Math.round(Number(normalised) * 100);
  });

export const priceFormSchema = z.object({
  courseSlug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  listSek: money,
  listEur: money,
  memberSek: money,
  memberEur: money,
  includedInMembership: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});

/** The columns of a course's price that pricing works from (CoursePriceRow). */
export const coursePriceSelect = {
  courseSlug: true,
  listSek: true,
  listEur: true,
  memberSek: true,
  memberEur: true,
  includedInMembership: true,
} as const;

export async function listCoursePrices(): Promise<Map<string, CoursePriceRow>> {
  const db = await getDb();
  const rows = await db.coursePrice.findMany({ select: coursePriceSelect });
  return new Map(rows.map((r) => [r.courseSlug, r]));
}

export async function setCoursePrice(price: CoursePriceRow, actorId: string | null): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const data = {
      listSek: price.listSek,
      listEur: price.listEur,
      memberSek: price.memberSek,
      memberEur: price.memberEur,
      includedInMembership: price.includedInMembership,
      updatedById: actorId,
    };
    await tx.coursePrice.upsert({
      where: { courseSlug: price.courseSlug },
      create: { courseSlug: price.courseSlug, ...data },
      update: data,
    });
    await appendAuditEntry(tx, "billing.price_set", { ...price, actorId });
  });
}
