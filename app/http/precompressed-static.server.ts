// Serves the brotli or gzip copy the build wrote beside a static file (vite/precompress.ts)
// to a client that accepts it: the request is pointed at `<file>.br` / `<file>.gz` with the
// original file's Content-Type, `Content-Encoding` and `Vary: Accept-Encoding`, and the static
// middleware after this one sends it (so caching headers and range handling stay express.static's;
// the compression middleware leaves a response that already has a Content-Encoding alone).
// Which files have copies is read once at start, so a request costs no file-system lookup.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import express, { type RequestHandler } from "express";
import { addVary } from "~/utils/http-cache.server";
import { chooseEncoding } from "./public-cache/page-cache.server";
import { isPrecompressible } from "./precompressed";

/** URL paths (from the folder's root, "/assets/app-x.js") of files with both compressed copies. */
export function precompressedFiles(root: string): Set<string> {
  const found = new Set<string>();
  if (!existsSync(root)) return found;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (isPrecompressible(path) && existsSync(`${path}.br`) && existsSync(`${path}.gz`))
        found.add(`/${relative(root, path).split(sep).join("/")}`);
    }
  };
  walk(root);
  return found;
}

/** Middleware for the folder served at the site's root (the build's client folder). */
export function precompressedStatic(root: string): RequestHandler {
  const files = precompressedFiles(root);
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !files.has(req.path)) {
      next();
      return;
    }
    res.setHeader("Vary", addVary(res.getHeader("Vary")?.toString(), "Accept-Encoding"));
    const encoding = chooseEncoding(req.headers["accept-encoding"]);
    if (encoding === "identity") {
      next();
      return;
    }
    const type = express.static.mime.lookup(req.path);
    const charset = express.static.mime.charsets.lookup(type, "");
    res.setHeader("Content-Type", charset ? `${type}; charset=${charset.toLowerCase()}` : type);
    res.setHeader("Content-Encoding", encoding);
    const query = req.url.indexOf("?");
    req.url = `${req.path}${encoding === "br" ? ".br" : ".gz"}${query === -1 ? "" : req.url.slice(query)}`;
    next();
  };
}
