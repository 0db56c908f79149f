// The API's request limits, in a module with no server code so the HTTP server in front of Remix
// (server/index.ts, which enforces them while the body streams in) can import them.

/** The largest request body an /api/v1 endpoint accepts (JSON; webhook subscriptions are far smaller). */
export const MAX_BODY_BYTES = 16 * 1024;
