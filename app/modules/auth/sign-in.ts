// The sign-in form's schema, shared by the browser (conform) and the action.
import { z } from "zod";

/** The longest value of each field the form takes; longer ones are refused and never sent back. */
export const SIGN_IN_MAX_LENGTHS = { email: 254, redirectTo: 2048 } as const;

export const signInSchema = z.object({
  email: z
    .string({ required_error: "invalidEmail" })
    .trim()
    .toLowerCase()
    .max(SIGN_IN_MAX_LENGTHS.email, "invalidEmail")
    .email("invalidEmail"),
  redirectTo: z.string().optional(),
});

/**
 * The fields whose submitted value is longer than the form takes: conform's reply() sends what was
 * submitted back to the page (twice: in the field and in the page's data), so these are left out
 * (`reply({ hideFields })`) and nobody can make the page repeat an arbitrarily long value.
 */
export function overlongFields(formData: FormData, maxLengths: Record<string, number> = SIGN_IN_MAX_LENGTHS): string[] {
  const names = new Set<string>();
  for (const [name, value] of formData.entries()) {
    const max = maxLengths[name] ?? 0;
    if (typeof value === "string" && value.length > max) names.add(name);
  }
  return [...names];
}

const SAME_ORIGIN_PROBE = "https://same-origin.invalid";

/**
 * A destination after sign-in, a language change or a saved profile: a path on this site, or
 * `fallback`. The value is parsed the way browsers parse it (WHATWG URL) against a placeholder
 * origin and kept only when the origin stays the same. Control characters (a TAB or newline is
 * dropped by browsers, so "/\t/evil.example" means "//evil.example"), backslashes and overlong
 * values are refused outright, and the result is re-serialised, so it is percent-encoded ASCII
 * that is always a valid Location header.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/learning"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, SAME_ORIGIN_PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN_PROBE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example", which a browser reads as another host.
  return path.startsWith("//") ? fallback : path;
}
