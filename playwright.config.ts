// End-to-end tests in real Chromium against the production build on a real PostgreSQL, with mail
// delivered over real SMTP to an in-process server. E2E_PORT gives a run its own port, database,
// build folder and SMTP port, so several runs can share one machine.
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { e2eSettings } from "./tests/e2e/support/settings";

const settings = e2eSettings();
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: `test-results/e2e-${settings.port}.json` }]]
    : [["list"]],
  globalSetup: "./tests/e2e/support/global-setup.ts",
  outputDir: `test-results/e2e-artifacts-${settings.port}`,
  use: {
    baseURL: settings.baseUrl,
    trace: "retain-on-failure",
    locale: "sv-SE",
    // The browser's own zone wins once known (ADR 021); a CI container's zone is UTC, our readers' is Stockholm.
    timezoneId: "Europe/Stockholm",
    ...devices["Desktop Chrome"],
    launchOptions: existsSync(systemChromium)
      ? {
          executablePath: systemChromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        }
      : {},
  },
  webServer: {
    command: "npx tsx tests/e2e/support/start-server.ts",
    url: `${settings.baseUrl}/readyz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
