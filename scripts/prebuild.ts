// What the build prepares for a quick start (ADR 032), made once per change and kept in
// node_modules/.cache/kontaktakademin; the build copies it beside the server (vite/prebuilt.ts),
// and the launcher names that folder PREBUILT_DIR.
// - `template`: the embedded database template for this PGlite and these migrations;
// - `lessons`: every lesson of content/ compiled (keys are content hashes: an edited lesson is
//   compiled at start as before), and their front matter, parsed.
// Prints the folder it made. usage: tsx scripts/prebuild.ts template|lessons
import { resolve } from "node:path";
import { ContentStore } from "~/modules/courses/content.server";
import { writeFrontmatterIndex } from "~/modules/courses/frontmatter-index.server";
import { createPgliteTemplate } from "~/utils/pglite-template.server";
import { PREBUILT_CACHE, prebuiltLessonsDir } from "~/utils/prebuilt";

const [what] = process.argv.slice(2);
if (what === "template") {
  console.log(await createPgliteTemplate(PREBUILT_CACHE));
} else if (what === "lessons") {
  const lessons = prebuiltLessonsDir(PREBUILT_CACHE);
  const store = new ContentStore({ rootDir: resolve("content"), cacheDir: lessons, watch: false });
  await store.warm();
  // And every lesson's front matter, so a start need not parse it again (frontmatter-index.server.ts).
  writeFrontmatterIndex(
    lessons,
    store
      .getCatalogue()
      .courses.flatMap((course) => course.lessons.flatMap((lesson) => Object.values(lesson.variants)))
      .map((variant) => ({ key: variant.compileKey, source: variant.source })),
  );
  console.log(lessons);
} else {
  throw new Error("usage: tsx scripts/prebuild.ts template|lessons");
}
