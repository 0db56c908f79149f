import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { prebuilt } from "./vite/prebuilt";
import { precompress } from "./vite/precompress";
import { queryCompilerWasm } from "./vite/query-compiler-wasm";
import { routeMatchCache, routerPackages } from "./vite/route-match-cache";
import { startupPlanEntry } from "./vite/startup-plan-entry";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ command }) => ({
  // mdx-bundler is server-only (lessons reach the browser as HTML): never pre-bundle it for the browser.
  optimizeDeps: { exclude: ["mdx-bundler"] },
  build: {
    target: "es2022",
    // @remix-run/node (bundled, see ssr below) requires undici and its own web-fetch polyfills at
    // the top of its globals module, for installGlobals(), which Node 20 never needs and this app
    // never calls. Left as a require inside that function, they cost nothing at start (~0.15 s).
    commonjsOptions: { ignore: ["undici", "@remix-run/web-fetch"] },
    rollupOptions: {
      // The bundled router imports react-dom (the browser renderer) for flushSync, which the
      // server never calls; the bare `import "react-dom"` left behind made every start load and
      // lex react-dom's production and development builds (~1.3 MB). Only that import is dropped.
      treeshake: { moduleSideEffects: (id, external) => !(external && id === "react-dom") },
    },
  },
  // The server build bundles the router and its dependants, so one patched copy serves them all
  // (vite/route-match-cache.ts); the dev server loads them from node_modules as before.
  ssr: command === "build" ? { noExternal: [...routerPackages, "remix-i18next"] } : undefined,
  server: { watch: { ignored: ["**/data/**", "**/test-results/**", "**/playwright-report/**"] } },
  plugins: [
    tailwindcss(),
    remix({
      // KA_BUILD_DIR lets e2e runs build side by side without clobbering each other's output.
      buildDirectory: process.env.KA_BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    routeMatchCache(),
    // Brotli and gzip copies of the client build's files, served as they are (ADR 028).
    precompress(),
    // The embedded database's template beside the server build (ADR 032).
    prebuilt(),
    // Prisma's query compiler beside the server build, compiled by the launcher as the app loads (ADR 033).
    queryCompilerWasm(),
    // The start-up plan as an entry of its own, so a cluster's primary does not load the app.
    startupPlanEntry(),
  ],
}));
