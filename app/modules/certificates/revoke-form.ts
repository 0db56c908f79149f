// The revocation form, one schema for browser (conform) and server. Messages are i18n keys under
// certificates:admin.errors.
import { z } from "zod";

export const revokeSchema = z.object({
  reason: z
    .string({ required_error: "reasonShort" })
    .trim()
    .min(5, "reasonShort")
    .max(500, "reasonLong")
    .transform((v) => v.replace(/\s+/g, " ")),
  confirm: z.literal("on", { errorMap: () => ({ message: "confirm" }) }),
});
