// What the build prepares for a quick start (ADR 032), into the folder given (the build passes its
// server folder, which the launcher then names PREBUILT_DIR):
// - the embedded database template for this PGlite and these migrations;
// - every lesson of content/ compiled (keys are content hashes: an edited lesson is compiled at
//   start as before).
// Both are made once per change and kept in node_modules/.cache/kontaktakademin.
// usage: tsx scripts/prebuild.ts <folder>
import { cp, mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ContentStore, prebuiltLessonsDir } from "~/modules/courses/content.server";
import { createPgliteTemplate, PREBUILT_CACHE } from "~/utils/pglite-template.server";

const [target] = process.argv.slice(2);
if (!target) throw new Error("usage: tsx scripts/prebuild.ts <folder>");
const out = resolve(target);
await mkdir(out, { recursive: true });

const template = await createPgliteTemplate(PREBUILT_CACHE);
await cp(template, join(out, basename(template)), { recursive: true });

const lessons = prebuiltLessonsDir(PREBUILT_CACHE);
await new ContentStore({ rootDir: resolve("content"), cacheDir: lessons, watch: false }).warm();
await cp(lessons, prebuiltLessonsDir(out), { recursive: true });

console.log(`prebuilt into ${out}: the embedded database template ${basename(template)}, and the compiled lessons`);
