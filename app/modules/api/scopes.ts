// What an API client may read. A key carries one or more scopes; each endpoint demands one.
export const API_SCOPES = ["criteria:read", "certificates:read", "completions:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}
