// Vite plugin: after the client build, writes a brotli (.br) and a gzip (.gz) copy beside every
// compressible file in the build's client folder (the hashed assets, and the public files Vite
// copied there), at the highest settings, once. The server sends them as they are to clients that
// accept them (app/http/precompressed-static.server.ts, ADR 028) instead of compressing per request.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";
import { isPrecompressible, PRECOMPRESS_MIN_BYTES } from "../app/http/precompressed";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// Vite's build metadata (the manifest Remix reads and then deletes): not content, never served.
export const BUILD_METADATA_DIR = ".vite";

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name === BUILD_METADATA_DIR) continue;
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Compresses every eligible file under `dir`; returns how many files got compressed copies. */
export async function precompressFolder(dir: string): Promise<number> {
  let count = 0;
  const work: Array<Promise<void>> = [];
  for await (const path of files(dir)) {
    if (!isPrecompressible(path)) continue;
    work.push(
      (async () => {
        const size = (await stat(path)).size;
        if (size < PRECOMPRESS_MIN_BYTES) return;
        const body = await readFile(path);
        const [br, gz] = await Promise.all([
          brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: size,
            },
          }),
          gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        // A copy that saves little is not worth a second file and a header.
        if (br.length > size * 0.95) return;
        await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        count++;
      })(),
    );
  }
  await Promise.all(work);
  return count;
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "ka-precompress",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      // Remix builds the client and the server separately: only the client's files are served.
      if (config.build.ssr) return;
      const outDir = resolve(config.root, config.build.outDir);
      const count = await precompressFolder(outDir);
      config.logger.info(`precompressed ${count} files (brotli and gzip) in ${outDir}`);
    },
  };
}
