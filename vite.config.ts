import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  // mdx-bundler is server-only (lessons reach the browser as HTML): never pre-bundle it for the browser.
  optimizeDeps: { exclude: ["mdx-bundler"] },
  build: { target: "es2022" },
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
  ],
});
