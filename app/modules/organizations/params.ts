// Route parameters and query strings of the organisation pages, parsed with zod: a malformed id
// is a 404 (the schemas go through parseParams in app/utils/http.server.ts), a malformed page
// number or filter falls back to its default; never a 500.
import { z } from "zod";
import { orgRoleValues } from "./roles";

/** A database id in a URL (cuid and the like): short, URL-safe characters only. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const orgParamsSchema = z.object({ orgId: idSchema });
export const memberParamsSchema = z.object({ membershipId: idSchema });

export function pageParam(url: URL, name = "page"): number {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .catch(1)
    .parse(url.searchParams.get(name) ?? 1);
}

export function roleParam(url: URL) {
  return z
    .enum(orgRoleValues)
    .nullable()
    .catch(null)
    .parse(url.searchParams.get("role") || null);
}
