// Where the things the build prepares for a quick start live (ADR 032). Only node:path, so the
// Vite and Vitest configs can import it.
import { resolve } from "node:path";

/** Where the build and the test run keep what they made, so each is made once per change. */
export const PREBUILT_CACHE = resolve("node_modules/.cache/kontaktakademin");

/** The compiled lessons inside a prebuilt folder (the build's PREBUILT_DIR, or the cache). */
export const prebuiltLessonsDir = (prebuiltDir: string) => resolve(prebuiltDir, "mdx");
