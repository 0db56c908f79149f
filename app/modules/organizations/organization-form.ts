// The organisation form's schema (Kontakta admins create and edit companies), shared by the
// browser (conform) and the action. Messages are i18n keys under "organizations:form.errors".
import { z } from "zod";
import { parseOrgNumber } from "./org-number";

const dateInput = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "invalidDate" });
      return z.NEVER;
    }
    const d = new Date(`${v}T00:00:00.000Z`);
    if (
      Number.isNaN(d.getTime()) ||
      d.toISOString().slice(0, 10) !== v ||
      d.getUTCFullYear() < 1900 ||
      d.getUTCFullYear() > 2200
    ) {
      ctx.addIssue({ code: "custom", message: "invalidDate" });
      return z.NEVER;
    }
    return d;
  });

export const organizationSchema = z
  .object({
    name: z.string({ required_error: "nameRequired" }).trim().min(1, "nameRequired").max(200, "nameTooLong"),
    country: z.enum(["SE", "FI"], { errorMap: () => ({ message: "countryRequired" }) }),
    orgNumber: z
      .string({ required_error: "orgNumberRequired" })
      .trim()
      .min(1, "orgNumberRequired")
      .max(40, "orgNumberFormat"),
    membershipStatus: z.enum(["member", "non_member", "excluded"], {
      errorMap: () => ({ message: "membershipStatusRequired" }),
    }),
    memberSince: dateInput,
    membershipEndedAt: dateInput,
    // The date of the decision to exclude (for an excluded company; may precede the end date).
    exclusionDecidedAt: dateInput,
  })
  .transform((value, ctx) => {
    const parsed = parseOrgNumber(value.orgNumber, value.country);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["orgNumber"], message: `orgNumber_${parsed.error}` });
      return z.NEVER;
    }
    if (value.memberSince && value.membershipEndedAt && value.membershipEndedAt < value.memberSince) {
      ctx.addIssue({ code: "custom", path: ["membershipEndedAt"], message: "endBeforeStart" });
      return z.NEVER;
    }
    if (value.membershipStatus === "member" && value.membershipEndedAt) {
      ctx.addIssue({ code: "custom", path: ["membershipEndedAt"], message: "memberWithEndDate" });
      return z.NEVER;
    }
    if (value.membershipStatus !== "excluded" && value.exclusionDecidedAt) {
      ctx.addIssue({ code: "custom", path: ["exclusionDecidedAt"], message: "decisionWithoutExclusion" });
      return z.NEVER;
    }
    if (value.membershipStatus === "excluded" && !value.exclusionDecidedAt) {
      ctx.addIssue({ code: "custom", path: ["exclusionDecidedAt"], message: "decisionRequired" });
      return z.NEVER;
    }
    return { ...value, orgNumber: parsed.canonical };
  });

export type OrganizationInput = z.output<typeof organizationSchema>;
