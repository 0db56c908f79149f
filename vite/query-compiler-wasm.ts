// Prisma's query compiler (WebAssembly) compiled while the app loads, not at its first query.
//
// The generated client ships the compiler as a 4.5 MB base64 string in a JavaScript module and,
// at the first query, imports it, decodes it and compiles it on the main thread: 0.1-0.2 s of CPU
// in every start, on the way to /readyz, and a 4.5 MB string that stays in the heap for good.
// The server build instead writes the decoded bytes beside itself (QUERY_COMPILER_WASM); the
// launcher (server/start.js) reads them and starts `WebAssembly.compile` on V8's background
// threads before it imports the app, and the client's `getQueryCompilerWasmModule` takes that
// module when it is there. Without it (dev server, tests, a build folder missing the file) the
// client loads its own copy exactly as generated. If a Prisma upgrade changes the generated code,
// the build fails and says so (docs/decisions/033-query-compiler-compiled-early.md).
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin, ResolvedConfig } from "vite";

/** The file beside the server build (build/server/); server/start.js reads it by this name. */
export const QUERY_COMPILER_WASM = "query-compiler.wasm";

const generatedClass = /[\\/]generated[\\/]prisma[\\/]internal[\\/]class\.ts$/;
const getModule =
  /getQueryCompilerWasmModule: async \(\) => \{\s*const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)/;

/**
 * Lets the generated client take the module the launcher compiled (globalThis.kaQueryCompilerWasm),
 * and returns the specifier of the base64 module it would otherwise import.
 */
export function rewriteGeneratedClass(code: string, id: string): { code: string; base64Module: string } {
  const found = getModule.exec(code);
  if (!found)
    throw new Error(
      `query-compiler-wasm: ${id} no longer loads its query compiler the way this plugin expects; check the Prisma version and update vite/query-compiler-wasm.ts`,
    );
  const [whole, base64Module = ""] = found;
  const early = whole.replace(
    "getQueryCompilerWasmModule: async () => {",
    `getQueryCompilerWasmModule: async () => {
    const compiledEarly = await globalThis.kaQueryCompilerWasm?.catch(() => undefined)
    if (compiledEarly) return compiledEarly`,
  );
  return { code: code.replace(whole, early), base64Module };
}

/** The compiler's bytes, decoded from the module the generated client names. */
export async function queryCompilerBytes(root: string, base64Module: string): Promise<Buffer> {
  const path = createRequire(join(root, "package.json")).resolve(base64Module);
  const { wasm } = (await import(pathToFileURL(path).href)) as { wasm: string };
  return Buffer.from(wasm, "base64");
}

export function queryCompilerWasm(): Plugin {
  let config: ResolvedConfig;
  let base64Module: string | undefined;
  return {
    name: "ka-query-compiler-wasm",
    apply: "build",
    // Before TypeScript is stripped: the pattern is the generated source, as Prisma writes it.
    enforce: "pre",
    configResolved(resolved) {
      config = resolved;
    },
    transform(code, id, options) {
      if (!options?.ssr || !generatedClass.test(id)) return null;
      const rewritten = rewriteGeneratedClass(code, id);
      base64Module = rewritten.base64Module;
      return { code: rewritten.code, map: null };
    },
    async writeBundle() {
      if (!config.build.ssr) return;
      if (!base64Module)
        this.error("query-compiler-wasm: the server build did not include the generated Prisma client");
      const outDir = resolve(config.root, config.build.outDir);
      await writeFile(join(outDir, QUERY_COMPILER_WASM), await queryCompilerBytes(config.root, base64Module));
    },
  };
}
