// Static files in production, on their own paths only: hashed build assets under /assets/ (their
// own mount in server.server.ts), and the few files copied from public/ (favicon, fonts), whose
// paths are listed here once at start. A page
// request never touches the filesystem: before, three express.static layers stat'ed every page
// path against build/client and public/ and built an error object for each miss (about a tenth of
// a page's CPU time under load).
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import express from "express";

/** Every file under `dir` as a URL path ("/favicon.svg", "/fonts/…"), leaving out the folders named in `skip`. */
export function listPublicPaths(dir: string, skip: string[] = []): Set<string> {
  const paths = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      const path = `/${relative(dir, full).split(sep).join("/")}`;
      if (entry.isDirectory()) {
        if (!skip.includes(path)) walk(full);
      } else if (entry.isFile()) paths.add(path);
    }
  };
  walk(dir);
  return paths;
}

/**
 * The files a client build copied from public/ (everything but /assets/, which has its own mount),
 * served with an hour's cache; any other path goes straight on to the app without a stat.
 */
export function publicFiles(clientDir: string): express.RequestHandler {
  const paths = listPublicPaths(clientDir, ["/assets"]);
  const serve = express.static(clientDir, { maxAge: "1h", index: false, redirect: false });
  return (req, res, next) => (paths.has(req.path) ? serve(req, res, next) : next());
}
