// Upload limits of the invite forms, in a module with no server code so the HTTP server in front
// of Remix (server/index.ts, which bounds request bodies while they stream in) can import them.

/** Uploads larger than this are refused before they are read. */
export const MAX_INVITE_UPLOAD_BYTES = 1_000_000;
