// Unit tests live beside the code (app/**/*.test.ts); integration tests under tests/integration
// run twice: once on the embedded database (PGlite) and once on a real PostgreSQL.
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

const shared = {
  environment: "node" as const,
  setupFiles: ["./tests/support/fail-on-console-error.ts"],
};

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: { ...shared, name: "unit", include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"] },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          ...shared,
          name: "integration-embedded",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: [...shared.setupFiles, "./tests/support/integration-setup.ts"],
          env: { KA_TEST_ENGINE: "embedded" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          ...shared,
          name: "integration-postgresql",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: [...shared.setupFiles, "./tests/support/integration-setup.ts"],
          env: { KA_TEST_ENGINE: "postgresql" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
