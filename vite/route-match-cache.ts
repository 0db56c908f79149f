// Route matching done once per route tree instead of on every call, in the server build only.
//
// @remix-run/router 1.x (Remix 2.17) flattens, ranks and path-compiles the whole route tree on
// every matchRoutes call, and a document request makes about seven of them (the server runtime,
// the static handler's query, the rendered router, and one per parent path for the lazy-discovery
// partial manifest): 11–18 % of a page's CPU under load (docs/decisions/029-page-cost.md).
// React Router 7 caches the ranked branches upstream; on Remix 2 this plugin does the same at
// build time:
// - the ranked branches are kept per routes array (a WeakMap). The server never changes a route
//   tree after building it (only the browser patches routes in, on lazy discovery), so the server
//   bundle alone is changed; the browser's copy of the router is untouched.
// - a compiled path pattern is kept per (pattern, caseSensitive, end): pure, so shared safely.
// - the route tree a document render builds (RemixServer's createServerRoutes, then
//   createStaticRouter's data routes) is kept per build manifest and per routes array, so the
//   rendered router's matchRoutes hits the ranked-branches cache too, instead of a new tree each
//   request. The tree depends only on the build (its manifest and route modules), never on the
//   request; the request's matches and loader data stay per request.
// - the partial manifest a document inlines for lazy route discovery (`<Scripts>`: the matched
//   routes plus those of every parent path, found with one matchRoutes per parent path, then
//   pretty-printed JSON) is kept as its JSON per build manifest and (pathname, matched routes):
//   it depends on nothing else. 7 % of a lesson page's CPU before (docs/decisions/029-page-cost.md).
// The router and every package that imports it are bundled into the server build (ssr.noExternal),
// so there is one, patched, copy. If an upgrade changes the code this plugin rewrites, the build
// fails and says so rather than silently losing the cache.
import type { Plugin } from "vite";

/** The packages that must share the server build's one copy of @remix-run/router. */
export const routerPackages = [
  "@remix-run/router",
  "@remix-run/server-runtime",
  "@remix-run/node",
  "@remix-run/react",
  "react-router",
  "react-router-dom",
];

const flattenAndRank = /let branches = flattenRoutes\(routes\);\s*rankRouteBranches\(branches\);/;
const compilePathStart = /\nfunction compilePath\(path, caseSensitive, end\) \{/;

const helpers = `
const __kaRankedBranches = new WeakMap();
function __kaRankedBranchesOf(routes) {
  let branches = __kaRankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    __kaRankedBranches.set(routes, branches);
  }
  return branches;
}
const __kaCompiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = __kaCompiledPaths.get(key);
  if (!compiled) {
    // Patterns come from route definitions; the bound only guards against a caller that builds them.
    if (__kaCompiledPaths.size >= 2000) __kaCompiledPaths.clear();
    compiled = __kaCompilePathUncached(path, caseSensitive, end);
    __kaCompiledPaths.set(key, compiled);
  }
  return compiled;
}
`;

/**
 * Replaces each pattern (all must be found, or the build fails naming `what`), drops the published
 * source map (it no longer fits) and appends the helpers the replacements call.
 */
function rewrite(code: string, id: string, what: string, replacements: [RegExp, string][], appended: string): string {
  if (!replacements.every(([pattern]) => pattern.test(code)))
    throw new Error(
      `route-match-cache: ${id} no longer has the code this plugin rewrites (${what}); check the package version and update vite/route-match-cache.ts`,
    );
  let out = code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  for (const [pattern, replacement] of replacements) out = out.replace(pattern, replacement);
  return out + appended;
}

export function rewriteRouter(code: string, id: string): string {
  return rewrite(
    code,
    id,
    "flattenRoutes + rankRouteBranches in matchRoutesImpl, function compilePath",
    [
      [flattenAndRank, "let branches = __kaRankedBranchesOf(routes);"],
      [compilePathStart, "\nfunction __kaCompilePathUncached(path, caseSensitive, end) {"],
    ],
    helpers,
  );
}

const serverRoutesCall =
  /let routes = createServerRoutes\(manifest\.routes, routeModules, context\.future, context\.isSpaMode\);/;
const serverRoutesHelper = `
const __kaServerRoutes = new WeakMap();
function __kaServerRoutesOf(manifestRoutes, routeModules, future, isSpaMode) {
  let routes = __kaServerRoutes.get(manifestRoutes);
  if (!routes) {
    routes = createServerRoutes(manifestRoutes, routeModules, future, isSpaMode);
    __kaServerRoutes.set(manifestRoutes, routes);
  }
  return routes;
}
`;

/** @remix-run/react's RemixServer: the server route tree once per build manifest. */
export function rewriteRemixServer(code: string, id: string): string {
  return rewrite(
    code,
    id,
    "RemixServer's createServerRoutes call",
    [
      [
        serverRoutesCall,
        "let routes = __kaServerRoutesOf(manifest.routes, routeModules, context.future, context.isSpaMode);",
      ],
    ],
    serverRoutesHelper,
  );
}

const dataRoutesCall =
  /let manifest = \{\};\s*let dataRoutes = UNSAFE_convertRoutesToDataRoutes\(routes, UNSAFE_mapRouteProperties, undefined, manifest\);/;
const dataRoutesHelper = `
const __kaDataRoutes = new WeakMap();
function __kaDataRoutesOf(routes) {
  let cached = __kaDataRoutes.get(routes);
  if (!cached) {
    let manifest = {};
    let dataRoutes = UNSAFE_convertRoutesToDataRoutes(routes, UNSAFE_mapRouteProperties, undefined, manifest);
    cached = { manifest, dataRoutes };
    __kaDataRoutes.set(routes, cached);
  }
  return cached;
}
`;

/** react-router-dom/server's createStaticRouter: the data routes once per routes array. */
export function rewriteStaticRouter(code: string, id: string): string {
  return rewrite(
    code,
    id,
    "createStaticRouter's convertRoutesToDataRoutes call",
    [[dataRoutesCall, "let { manifest, dataRoutes } = __kaDataRoutesOf(routes);"]],
    dataRoutesHelper,
  );
}

const partialManifestCall = /JSON\.stringify\(getPartialManifest\(manifest, router\), null, 2\)/;
/** Evaluated in @remix-run/react's components.js, beside its import of getPartialManifest. */
export const partialManifestHelper = `
const __kaPartialManifests = new WeakMap();
function __kaPartialManifestJson(manifest, router) {
  let byPage = __kaPartialManifests.get(manifest);
  if (!byPage) {
    byPage = new Map();
    __kaPartialManifests.set(manifest, byPage);
  }
  const key = router.state.location.pathname + "\\0" + router.state.matches.map((m) => m.route.id).join("\\0");
  let json = byPage.get(key);
  if (json === undefined) {
    // Any path can be asked for (a 404 too): the bound keeps a crawl from growing it without end.
    if (byPage.size >= 2000) byPage.clear();
    json = JSON.stringify(getPartialManifest(manifest, router));
    byPage.set(key, json);
  }
  return json;
}
`;

/** @remix-run/react's Scripts: the inlined partial manifest once per (build, page). */
export function rewriteScripts(code: string, id: string): string {
  return rewrite(
    code,
    id,
    "Scripts' JSON.stringify(getPartialManifest(manifest, router), null, 2)",
    [[partialManifestCall, "__kaPartialManifestJson(manifest, router)"]],
    partialManifestHelper,
  );
}

const rewrites = [
  {
    name: "@remix-run/router",
    file: /[\\/]@remix-run[\\/]router[\\/]dist[\\/]router(\.cjs)?\.js$/,
    rewrite: rewriteRouter,
  },
  {
    name: "@remix-run/react",
    file: /[\\/]@remix-run[\\/]react[\\/]dist[\\/]esm[\\/]server\.js$/,
    rewrite: rewriteRemixServer,
  },
  {
    name: "@remix-run/react components",
    file: /[\\/]@remix-run[\\/]react[\\/]dist[\\/]esm[\\/]components\.js$/,
    rewrite: rewriteScripts,
  },
  { name: "react-router-dom/server", file: /[\\/]react-router-dom[\\/]server\.mjs$/, rewrite: rewriteStaticRouter },
];

export function routeMatchCache(): Plugin {
  const applied = new Set<string>();
  return {
    name: "ka-route-match-cache",
    apply: "build",
    enforce: "pre",
    transform(code, id, options) {
      if (!options?.ssr) return null;
      const match = rewrites.find((r) => r.file.test(id));
      if (!match) return null;
      applied.add(match.name);
      return { code: match.rewrite(code, id), map: null };
    },
    buildEnd(error) {
      // In the server build (the one that rewrote anything), every rewrite must have found its
      // file: one resolved to another build of its package would silently lose its cache.
      if (error || applied.size === 0) return;
      const missing = rewrites.filter((r) => !applied.has(r.name)).map((r) => r.name);
      if (missing.length)
        this.error(`route-match-cache: the server build did not load the expected file of ${missing.join(", ")}`);
    },
  };
}
