// Route parameters and query strings of the organisation pages, parsed with zod: anything
// malformed is a 404 (ids) or falls back to a default (page numbers, filters), never a 500.
import { z } from "zod";
import { orgRoleValues } from "./roles";

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** An id from the URL, or a thrown 404. */
export function requireId(value: string | undefined): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return parsed.data;
}

export function pageParam(url: URL, name = "page"): number {
  return z.coerce.number().int().min(1).max(1_000_000).catch(1).parse(url.searchParams.get(name) ?? 1);
}

export function roleParam(url: URL) {
  return z.enum(orgRoleValues).nullable().catch(null).parse(url.searchParams.get("role") || null);
}
