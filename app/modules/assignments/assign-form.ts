// The assignment form, one schema for the browser (conform) and the server. Messages are keys
// under assignments:errors. What needs the database (the course exists, the people belong to the
// company, the date has not passed in the company's time zone) the action checks after parsing.
import { z } from "zod";
import { orgRoleValues } from "~/modules/organizations/roles";
import { isCalendarDay } from "./due-date";

export const MAX_PEOPLE_PER_FORM = 500;

const common = {
  intent: z.literal("assign"),
  courseSlug: z.string({ required_error: "courseRequired" }).trim().min(1, "courseRequired").max(100, "unknownCourse"),
  dueDate: z.string({ required_error: "dateRequired" }).trim().min(1, "dateRequired").refine(isCalendarDay, "badDate"),
};

export const assignSchema = z.discriminatedUnion(
  "target",
  [
    z.object({
      ...common,
      target: z.literal("people"),
      membershipIds: z
        .array(z.string().min(1).max(64), { required_error: "pickPeople", invalid_type_error: "pickPeople" })
        .min(1, "pickPeople")
        .max(MAX_PEOPLE_PER_FORM, "tooMany"),
    }),
    z.object({
      ...common,
      target: z.literal("role"),
      role: z.enum(orgRoleValues, { errorMap: () => ({ message: "pickRole" }) }),
    }),
  ],
  { errorMap: () => ({ message: "targetRequired" }) },
);

export const removeSchema = z.object({ intent: z.literal("remove"), assignmentId: z.string().min(1).max(64) });
