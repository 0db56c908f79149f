// HTTP at the edge: the one place where a route's "no" becomes a response. Routes refuse through
// these helpers only: parseParams for route parameters, invariantResponse for what a loader or
// action checks itself, withDomainErrors around calls into domain modules (which throw the typed
// errors of ./domain-errors and never build responses). Every refusal is short plain text in the
// reader's language with the status that says what happened; HTML pages show the root error
// boundary's own text for 403 and 404, and this text for other 4xx.
//
// The language is read the way readFormData and the edge refusals read it (the `lng` cookie, then
// Accept-Language), synchronously, so that invariantResponse can be an assertion function.
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import type { Language } from "~/i18n/config";
import en from "~/locales/en/common.json";
import fi from "~/locales/fi/common.json";
import sv from "~/locales/sv/common.json";
import { DomainError, type ErrorMessageKey, type Refusal } from "./domain-errors";
import { edgeLanguage } from "./edge-guards.server";

const messages: Record<Language, Record<ErrorMessageKey, string>> = { sv: sv.errors, en: en.errors, fi: fi.errors };

const refusals: Record<Refusal, { status: number; statusText: string; messageKey: ErrorMessageKey }> = {
  notFound: { status: 404, statusText: "Not Found", messageKey: "notFound" },
  forbidden: { status: 403, statusText: "Forbidden", messageKey: "forbidden" },
  badRequest: { status: 400, statusText: "Bad Request", messageKey: "badRequest" },
};

/** The refusal as a response: its status, and its message (or `messageKey`'s) in the reader's language. */
export function refusalResponse(
  request: Request,
  refusal: Refusal,
  messageKey: ErrorMessageKey = refusals[refusal].messageKey,
): Response {
  const { status, statusText } = refusals[refusal];
  const language = edgeLanguage({
    cookie: request.headers.get("cookie") ?? undefined,
    acceptLanguage: request.headers.get("accept-language") ?? undefined,
  });
  return new Response(messages[language][messageKey], {
    status,
    statusText,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * Epic Stack's invariantResponse, localised: when `condition` is falsy, throws the refusal (404
 * unless told otherwise); afterwards TypeScript knows the condition holds.
 */
export function invariantResponse(
  condition: unknown,
  request: Request,
  refusal: Refusal = "notFound",
  messageKey?: ErrorMessageKey,
): asserts condition {
  if (!condition) throw refusalResponse(request, refusal, messageKey);
}

/** Runs a domain call; a DomainError it throws leaves as its HTTP refusal, anything else as it is. */
export async function withDomainErrors<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw refusalResponse(request, error.refusal, error.messageKey);
    throw error;
  }
}

/**
 * The route's parameters through one zod schema, or a 404: a malformed id or slug names nothing,
 * and must never reach the database as it is.
 */
export function parseParams<T>(
  request: Request,
  params: Record<string, string | undefined>,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw refusalResponse(request, "notFound");
  return parsed.data;
}

/**
 * A parameter with one canonical spelling (a certificate number typed in lower case, with spaces):
 * the canonical value as is; a recognisable variant redirects to the same URL spelled canonically;
 * anything else is a 404.
 */
export function canonicalParam(
  request: Request,
  value: string | undefined,
  canonicalOf: (value: string) => string | null,
): string {
  const raw = (value ?? "").slice(0, 100);
  const canonical = canonicalOf(raw);
  invariantResponse(canonical !== null, request);
  if (canonical !== raw) {
    const url = new URL(request.url);
    throw redirect(url.pathname.replace(encodeURIComponent(raw), canonical).replace(raw, canonical) + url.search);
  }
  return canonical;
}
