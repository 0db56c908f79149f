// Vitest global set-up of the embedded integration run: makes the embedded database template once
// (kept in node_modules/.cache between runs), so every test file's new folder is copied from it
// the way a production start's is, instead of each running PGlite's initdb (ADR 032).
import { createPgliteTemplate } from "~/utils/pglite-template.server";
import { PREBUILT_CACHE } from "~/utils/prebuilt";

export default async function setup() {
  await createPgliteTemplate(PREBUILT_CACHE);
}
