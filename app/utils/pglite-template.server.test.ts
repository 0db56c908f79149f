import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findPgliteTemplate, pgliteTemplateName } from "./pglite-template.server";

const made: string[] = [];
function migrationsFolder(migrations: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "ka-template-name-"));
  made.push(dir);
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database template's name", () => {
  it("names the PGlite version and is the same for the same migrations", async () => {
    const a = migrationsFolder({ "20260101000000_init": "CREATE TABLE a (id int);" });
    const b = migrationsFolder({ "20260101000000_init": "CREATE TABLE a (id int);" });
    expect(await pgliteTemplateName(a)).toMatch(/^pglite-\d+\.\d+\.\d+-[0-9a-f]{16}$/);
    expect(await pgliteTemplateName(a)).toBe(await pgliteTemplateName(b));
  });

  it("changes when a migration is edited, added or renamed", async () => {
    const base = await pgliteTemplateName(migrationsFolder({ "20260101000000_init": "CREATE TABLE a (id int);" }));
    const edited = migrationsFolder({ "20260101000000_init": "CREATE TABLE a (id bigint);" });
    const added = migrationsFolder({
      "20260101000000_init": "CREATE TABLE a (id int);",
      "20260102000000_more": "CREATE TABLE b (id int);",
    });
    const renamed = migrationsFolder({ "20260101000000_first": "CREATE TABLE a (id int);" });
    const names = [base, ...(await Promise.all([edited, added, renamed].map((d) => pgliteTemplateName(d))))];
    expect(new Set(names).size).toBe(4);
  });

  it("is found only when a template of exactly that name is in the folder", async () => {
    const migrations = migrationsFolder({ "20260101000000_init": "CREATE TABLE a (id int);" });
    const templates = mkdtempSync(join(tmpdir(), "ka-templates-"));
    made.push(templates);
    expect(await findPgliteTemplate(templates, migrations)).toBeUndefined();
    mkdirSync(join(templates, "pglite-0.0.0-0000000000000000"));
    expect(await findPgliteTemplate(templates, migrations)).toBeUndefined();
    const name = await pgliteTemplateName(migrations);
    mkdirSync(join(templates, name));
    expect(await findPgliteTemplate(templates, migrations)).toBe(join(templates, name));
  });
});
