// Makes the embedded database template for this PGlite and these migrations (once: it is kept in
// node_modules/.cache/kontaktakademin) and copies it into the folder given, which the build passes
// as its server folder. usage: tsx scripts/pglite-template.ts <folder>
import { copyFile, mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { createPgliteTemplate, PGLITE_TEMPLATE_CACHE } from "~/utils/pglite-template.server";

const [target] = process.argv.slice(2);
if (!target) throw new Error("usage: tsx scripts/pglite-template.ts <folder>");

const made = await createPgliteTemplate(PGLITE_TEMPLATE_CACHE);
await mkdir(resolve(target), { recursive: true });
await copyFile(made, join(resolve(target), basename(made)));
console.log(`embedded database template: ${join(target, basename(made))}`);
