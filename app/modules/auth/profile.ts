// The profile form's schema (browser and server): the name printed on certificates.
import { z } from "zod";

export const profileSchema = z.object({
  name: z
    .string({ required_error: "nameRequired" })
    .trim()
    .min(2, "nameTooShort")
    .max(100, "nameTooLong")
    .refine((name) => !/[<>{}\\@]/.test(name) && !/^https?:/i.test(name), "nameInvalid"),
  redirectTo: z.string().optional(),
});
