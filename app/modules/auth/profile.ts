// The profile form's schema (browser and server): the name printed on certificates.
import { z } from "zod";

export const PERSON_NAME_MIN = 2;
export const PERSON_NAME_MAX = 100;

/**
 * A person's name as it is printed on certificates and signed into credentials: letters and
 * combining marks of any script, with single spaces, hyphens, apostrophes and periods between
 * them ("Åsa Öberg-Ljung", "O'Brien", "J. Smith"). NFC-normalised, so the same name is always the
 * same bytes. Nothing else: no digits, markup, formula starters, control or bidi characters.
 */
export function normalizePersonName(raw: string): string {
  return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
}

const NAME_SHAPE = /^\p{L}\p{M}*(?:(?:[ '’.-]|\. )?\p{L}\p{M}*)*\.?$/u;

export type PersonNameProblem = "nameTooShort" | "nameTooLong" | "nameInvalid";

/** Checks a name that is already normalised; null when it is fine. */
export function personNameProblem(name: string): PersonNameProblem | null {
  if ([...name].length < PERSON_NAME_MIN) return "nameTooShort";
  if ([...name].length > PERSON_NAME_MAX) return "nameTooLong";
  return NAME_SHAPE.test(name) ? null : "nameInvalid";
}

/** True when `name` can be printed on a certificate as it is. */
export function isValidPersonName(name: string | null | undefined): name is string {
  return typeof name === "string" && name === normalizePersonName(name) && personNameProblem(name) === null;
}

/** The one rule for every path that sets a person's name (profile, invitations, sign-in). */
export const personNameSchema = z
  .string({ required_error: "nameRequired" })
  .transform(normalizePersonName)
  .superRefine((name, ctx) => {
    const problem = personNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const profileSchema = z.object({
  name: personNameSchema,
  redirectTo: z.string().optional(),
});
