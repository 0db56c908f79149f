// Which static files get brotli and gzip copies at build time (vite/precompress.ts) and are
// served from them (precompressed-static.server.ts): text-like files of at least 1 KB. Images and
// fonts that are already compressed (png, jpg, woff2) would not get smaller.
const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|map|txt|html|xml|webmanifest|ico|ttf|otf|wasm)$/i;

export const PRECOMPRESS_MIN_BYTES = 1024;

export function isPrecompressible(path: string): boolean {
  return COMPRESSIBLE.test(path);
}
