import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { queryCompilerBytes, rewriteGeneratedClass } from "./query-compiler-wasm";

const root = resolve(import.meta.dirname, "..");
// The client `prisma generate` wrote for this schema and this Prisma version.
const classFile = resolve(root, "app/generated/prisma/internal/class.ts");
const generated = readFileSync(classFile, "utf8");

describe("the query compiler compiled early", () => {
  it("makes the generated client take the launcher's module before it imports its own copy", () => {
    const { code, base64Module } = rewriteGeneratedClass(generated, classFile);
    expect(base64Module).toMatch(/^@prisma\/client\/runtime\/query_compiler_\w+\.postgresql\.wasm-base64\.mjs$/);
    const getter = code.slice(code.indexOf("getQueryCompilerWasmModule: async () => {"));
    const takesEarly = getter.indexOf("if (compiledEarly) return compiledEarly");
    expect(getter.indexOf("globalThis.kaQueryCompilerWasm?.catch(")).toBeGreaterThan(0);
    expect(takesEarly).toBeGreaterThan(0);
    expect(takesEarly).toBeLessThan(getter.indexOf(`await import("${base64Module}")`));
    // Only the getter changes.
    expect(code.replace(/\n {4}const compiledEarly = [^\n]+\n {4}if \(compiledEarly\) return compiledEarly/, "")).toBe(
      generated,
    );
  });

  it("writes exactly the bytes the generated client would compile, a valid WebAssembly module", async () => {
    const { base64Module } = rewriteGeneratedClass(generated, classFile);
    const bytes = await queryCompilerBytes(root, base64Module);
    const own = (await import(pathToFileURL(createRequire(classFile).resolve(base64Module)).href)) as { wasm: string };
    expect(bytes.equals(Buffer.from(own.wasm, "base64"))).toBe(true);
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
  });

  it("stops the build when a Prisma upgrade changes how the client loads its compiler", () => {
    const changed = generated.replace("getQueryCompilerWasmModule: async () => {", "loadCompiler: async () => {");
    expect(() => rewriteGeneratedClass(changed, classFile)).toThrow(/class\.ts no longer loads its query compiler/);
  });
});
