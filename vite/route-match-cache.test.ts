import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as original from "@remix-run/router";
import type { AgnosticRouteObject } from "@remix-run/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import * as originalServer from "react-router-dom/server";
import {
  partialManifestHelper,
  rewriteRemixServer,
  rewriteRouter,
  rewriteScripts,
  rewriteStaticRouter,
} from "./route-match-cache";

// The installed router's ESM build, rewritten by the plugin and loaded from a temporary file.
const require = createRequire(import.meta.url);
const routerFile = join(require.resolve("@remix-run/router"), "..", "router.js");
const staticRouterFile = join(require.resolve("react-router-dom"), "..", "server.mjs");
const remixServerFile = join(require.resolve("@remix-run/react"), "..", "esm", "server.js");
const remixComponentsFile = join(require.resolve("@remix-run/react"), "..", "esm", "components.js");
const fogOfWarFile = join(require.resolve("@remix-run/react"), "..", "esm", "fog-of-war.js");
let dir: string;
let patched: typeof original;
let patchedServer: typeof originalServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ka-router-"));
  const file = join(dir, "router.mjs");
  writeFileSync(file, rewriteRouter(readFileSync(routerFile, "utf8"), routerFile));
  patched = (await import(pathToFileURL(file).href)) as typeof original;
  // Beside the original, so its bare imports (react, react-router) resolve from node_modules.
  const serverFile = join(staticRouterFile, "..", `server.ka-test-${process.pid}.mjs`);
  writeFileSync(serverFile, rewriteStaticRouter(readFileSync(staticRouterFile, "utf8"), staticRouterFile));
  try {
    patchedServer = (await import(pathToFileURL(serverFile).href)) as typeof originalServer;
  } finally {
    rmSync(serverFile, { force: true });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A tree shaped like the app's: layout root, index, static and dynamic segments, optional and
// splat routes, pathless layouts, a case-sensitive route.
const tree = (): AgnosticRouteObject[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "courses", path: "courses" },
      { id: "course", path: "courses/:slug" },
      { id: "lesson", path: "courses/:slug/lessons/:lesson" },
      { id: "quiz", path: "courses/:slug/quiz" },
      { id: "verify", path: "verify/:number?" },
      { id: "api", path: "api/v1/*" },
      { id: "criterion", path: "api/v1/companies/:orgNumber/criterion" },
      { id: "layout", children: [{ id: "team", path: "team/:orgId" }] },
      { id: "Case", path: "Case", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

const paths = [
  "/",
  "/courses",
  "/courses/etik",
  "/courses/etik/lessons/intro",
  "/courses/etik/quiz",
  "/verify",
  "/verify/KA-1",
  "/api/v1/companies/556677-8899/criterion",
  "/api/v1/anything/else",
  "/team/org1",
  "/Case",
  "/case",
  "/courses/%C3%A5ke/lessons/x%20y",
  "/no/such/page",
];

const summary = (matches: ReturnType<typeof original.matchRoutes>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null;

describe("route-match-cache (server build's router)", () => {
  it("matches every path exactly as the unpatched router does", () => {
    const routes = tree();
    for (const path of paths) {
      expect(summary(patched.matchRoutes(routes, path)), path).toEqual(summary(original.matchRoutes(tree(), path)));
      // Asked again, from the cache.
      expect(summary(patched.matchRoutes(routes, path)), path).toEqual(summary(original.matchRoutes(tree(), path)));
    }
    expect(patched.matchPath({ path: "/courses/:slug", end: false }, "/courses/etik/lessons")).toEqual(
      original.matchPath({ path: "/courses/:slug", end: false }, "/courses/etik/lessons"),
    );
  });

  it("keeps the ranked branches per routes array (why only the server build, whose route trees never change, is patched)", () => {
    const routes = tree();
    expect(summary(patched.matchRoutes(routes, "/late"))?.at(-1)?.id).toBe("splat");
    routes[0]!.children!.push({ id: "late", path: "late" });
    expect(summary(patched.matchRoutes(routes, "/late"))?.at(-1)?.id).toBe("splat");
    expect(summary(patched.matchRoutes(tree().concat(), "/late"))?.at(-1)?.id).toBe("splat");
    expect(summary(original.matchRoutes(routes, "/late"))?.at(-1)?.id).toBe("late");
  });

  it("fails loudly when the router's code no longer has what it rewrites", () => {
    expect(() => rewriteRouter("function matchRoutes() {}", "router.js")).toThrow(/no longer has the code/);
    expect(() => rewriteRemixServer("function RemixServer() {}", "server.js")).toThrow(/no longer has the code/);
    expect(() => rewriteStaticRouter("function createStaticRouter() {}", "server.mjs")).toThrow(
      /no longer has the code/,
    );
    expect(() => rewriteScripts("function Scripts() {}", "components.js")).toThrow(/no longer has the code/);
  });
});

describe("route-match-cache (the route tree of a document render)", () => {
  it("RemixServer builds its server routes once per build manifest (the installed @remix-run/react is rewritten)", () => {
    const code = rewriteRemixServer(readFileSync(remixServerFile, "utf8"), remixServerFile);
    expect(code).toContain(
      "let routes = __kaServerRoutesOf(manifest.routes, routeModules, context.future, context.isSpaMode);",
    );
    expect(code).not.toMatch(/let routes = createServerRoutes\(/);
  });

  const elementTree = () => [
    {
      id: "root",
      path: "/",
      element: createElement("main", null, "root"),
      children: [
        { id: "index", index: true, element: createElement("p", null, "home") },
        { id: "course", path: "courses/:slug", element: createElement("p", null, "course") },
      ],
    },
  ];

  it("createStaticRouter keeps one set of data routes per routes array and renders exactly as the original", async () => {
    const routes = elementTree();
    const handler = originalServer.createStaticHandler(routes);
    for (const path of ["/", "/courses/etik"]) {
      const context = await handler.query(new Request(`http://localhost${path}`));
      if (context instanceof Response) throw new Error("unexpected redirect");
      const first = patchedServer.createStaticRouter(routes, context);
      const second = patchedServer.createStaticRouter(routes, context);
      expect(second.routes).toBe(first.routes);
      expect(second.state.matches.map((m) => m.route)).toEqual(first.state.matches.map((m) => m.route));
      expect(second.state.matches[0]!.route).toBe(first.routes[0]);
      const render = (server: typeof originalServer) =>
        renderToString(
          createElement(server.StaticRouterProvider, {
            router: server.createStaticRouter(routes, context),
            context,
            hydrate: false,
          }),
        );
      expect(render(patchedServer)).toBe(render(originalServer));
    }
    const other = elementTree();
    const context = await originalServer.createStaticHandler(other).query(new Request("http://localhost/"));
    if (context instanceof Response) throw new Error("unexpected redirect");
    expect(patchedServer.createStaticRouter(other, context).routes).not.toBe(
      patchedServer.createStaticRouter(routes, context).routes,
    );
  });
});

describe("route-match-cache (the partial manifest a document inlines)", () => {
  type Manifest = {
    url: string;
    version: string;
    routes: Record<string, { id: string; path?: string; parentId?: string }>;
  };
  type Router = {
    routes: AgnosticRouteObject[];
    basename?: string;
    state: { location: { pathname: string }; matches: Array<{ route: { id: string } }> };
  };
  type PartialManifest = (manifest: Manifest, router: Router) => unknown;

  it("Scripts takes the inlined manifest from the cache (the installed @remix-run/react is rewritten)", () => {
    const code = rewriteScripts(readFileSync(remixComponentsFile, "utf8"), remixComponentsFile);
    expect(code).toContain("window.__remixManifest = ${__kaPartialManifestJson(manifest, router)};");
    expect(code).not.toContain("JSON.stringify(getPartialManifest(manifest, router), null, 2)");
  });

  it("gives the manifest the original computes, once per build and page", async () => {
    const { getPartialManifest } = (await import(pathToFileURL(fogOfWarFile).href)) as {
      getPartialManifest: PartialManifest;
    };
    let computed = 0;
    const counting: PartialManifest = (manifest, router) => (computed++, getPartialManifest(manifest, router));
    const cached = new Function("getPartialManifest", `${partialManifestHelper}; return __kaPartialManifestJson;`)(
      counting,
    ) as (manifest: Manifest, router: Router) => string;

    const routes = tree();
    const manifest: Manifest = {
      url: "/assets/manifest.js",
      version: "1",
      routes: Object.fromEntries(
        [
          "root",
          "index",
          "courses",
          "course",
          "lesson",
          "quiz",
          "verify",
          "api",
          "criterion",
          "layout",
          "team",
          "Case",
          "splat",
        ].map((id) => [id, { id, parentId: id === "root" ? undefined : "root" }]),
      ),
    };
    const routerAt = (pathname: string): Router => ({
      routes,
      state: {
        location: { pathname },
        matches: (original.matchRoutes(routes, pathname) ?? []).map((m) => ({ route: { id: m.route.id! } })),
      },
    });
    for (const path of ["/courses/etik/lessons/intro", "/courses/etik", "/team/org1", "/no/such/page"]) {
      const expected = getPartialManifest(manifest, routerAt(path));
      expect(JSON.parse(cached(manifest, routerAt(path))), path).toEqual(expected);
      expect(JSON.parse(cached(manifest, routerAt(path))), path).toEqual(expected);
    }
    expect(computed).toBe(4);
    // Another build (a new manifest object) computes its own.
    cached({ ...manifest, version: "2" }, routerAt("/courses/etik"));
    expect(computed).toBe(5);
    // The lesson's partial manifest holds the routes of its parent paths ("/courses/etik/lessons"
    // is the splat's), not the others.
    expect(Object.keys(JSON.parse(cached(manifest, routerAt("/courses/etik/lessons/intro"))).routes).sort()).toEqual(
      ["course", "courses", "index", "lesson", "root", "splat"].sort(),
    );
  });
});
