// The sign-in form's schema, shared by the browser (conform) and the action.
import { z } from "zod";

export const signInSchema = z.object({
  email: z
    .string({ required_error: "invalidEmail" })
    .trim()
    .toLowerCase()
    .max(254, "invalidEmail")
    .email("invalidEmail"),
  redirectTo: z.string().optional(),
});

/** Only same-site paths are allowed as a post-login destination. */
export function safeRedirect(to: string | null | undefined, fallback = "/learning"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
