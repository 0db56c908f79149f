// API clients: created by Kontakta admins, each with one key (shown once at creation), scopes,
// and an optional revocation. Authentication of incoming API requests lives here too.
import { z } from "zod";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { generateApiKey, keySecretMatches, parseApiKey } from "./api-keys.server";
import { decodeCursor, encodeCursor } from "./cursor";
import { API_SCOPES, type ApiScope } from "./scopes";

export const createClientSchema = z.object({
  name: z.string({ required_error: "name" }).trim().min(1, "name").max(100, "name"),
  scopes: z.array(z.enum(API_SCOPES), { required_error: "scopes" }).min(1, "scopes"),
});

export type ApiClientView = {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: { id: string; name: string | null; email: string } | null;
};

const clientSelect = {
  id: true,
  name: true,
  keyPrefix: true,
  scopes: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdById: true,
} as const;

/** Creates a client and its key. The key is in the result and nowhere else, ever. */
export async function createApiClient(input: { name: string; scopes: ApiScope[]; createdById: string | null }) {
  const db = await getDb();
  const { name, scopes } = createClientSchema.parse(input);
  const key = generateApiKey(getEnv().isProduction ? "live" : "test");
  const client = await db.apiClient.create({
    data: {
      name,
      scopes: Array.from(new Set(scopes)),
      keyPrefix: `${key.mode}_${key.prefix}`,
      keyHash: key.hash,
      createdById: input.createdById,
    },
    select: clientSelect,
  });
  return { client, key: key.key };
}

export function displayKeyPrefix(keyPrefix: string) {
  return `ka_${keyPrefix}_…`;
}

async function withCreators<T extends { createdById: string | null }>(rows: T[]) {
  const db = await getDb();
  const ids = [...new Set(rows.map((r) => r.createdById).filter((v): v is string => Boolean(v)))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map(({ createdById, ...r }) => ({
    ...r,
    createdBy: createdById ? (byId.get(createdById) ?? null) : null,
  }));
}

const listCursor = z.object({ c: z.string().datetime(), i: z.string().min(1).max(64) });

/** Newest first, keyset-paginated. */
export async function listApiClients({
  cursor,
  limit,
}: {
  cursor?: string | null;
  limit: number;
}): Promise<{ items: ApiClientView[]; nextCursor: string | null } | { error: "invalid_cursor" }> {
  const db = await getDb();
  const after = cursor ? decodeCursor(cursor, listCursor) : null;
  if (cursor && !after) return { error: "invalid_cursor" };
  const rows = await db.apiClient.findMany({
    where: after
      ? { OR: [{ createdAt: { lt: new Date(after.c) } }, { createdAt: new Date(after.c), id: { lt: after.i } }] }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: clientSelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withCreators(page),
    nextCursor: rows.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
  };
}

export async function getApiClient(id: string): Promise<ApiClientView | null> {
  const db = await getDb();
  const row = await db.apiClient.findUnique({ where: { id }, select: clientSelect });
  return row ? (await withCreators([row]))[0]! : null;
}

/** Revokes the key at once (every instance checks revokedAt on every request). Idempotent. */
export async function revokeApiClient(id: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.apiClient.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) return (await db.apiClient.count({ where: { id } })) === 1;
  return true;
}

export type AuthenticatedClient = { id: string; name: string; scopes: ApiScope[] };
export type AuthFailure = "missing_key" | "invalid_key" | "revoked_key";

const LAST_USED_RESOLUTION_MS = 60_000;

/** Finds the client for a presented key, or says why not. Records lastUsedAt at most once a minute. */
export async function authenticateApiKey(
  key: string | null,
): Promise<{ ok: true; client: AuthenticatedClient } | { ok: false; reason: AuthFailure }> {
  if (!key) return { ok: false, reason: "missing_key" };
  const parsed = parseApiKey(key);
  if (!parsed) return { ok: false, reason: "invalid_key" };
  const db = await getDb();
  const row = await db.apiClient.findUnique({
    where: { keyPrefix: `${parsed.mode}_${parsed.prefix}` },
    select: { id: true, name: true, scopes: true, keyHash: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || !keySecretMatches(parsed.secret, row.keyHash)) return { ok: false, reason: "invalid_key" };
  if (row.revokedAt) return { ok: false, reason: "revoked_key" };
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiClient.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    ok: true,
    client: {
      id: row.id,
      name: row.name,
      scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
    },
  };
}
