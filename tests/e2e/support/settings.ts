// One place that derives every e2e resource from E2E_PORT, shared by the config, the server
// starter and the fixtures.
import { resolve } from "node:path";

export function e2eSettings() {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const smtpPort = port + 1000;
  // The local server that answers like Stripe (tests/support/stripe-fake.ts), started by the payments spec.
  const stripePort = port + 2000;
  const pgServer = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbUrl = new URL(pgServer);
  const databaseName = `ka_e2e_${port}`;
  dbUrl.pathname = `/${databaseName}`;
  return {
    port,
    smtpPort,
    stripePort,
    baseUrl: `http://localhost:${port}`,
    pgServer,
    databaseName,
    databaseUrl: dbUrl.toString(),
    dataDir: resolve(`test-results/e2e-data-${port}`),
    buildDir: resolve(`build/e2e-${port}`),
    mailFile: resolve(`test-results/e2e-mail-${port}.jsonl`),
    authSecret: "e2e-only-secret-not-for-production-0123456789",
  };
}

/** The environment the app under test runs with (production mode). */
export function serverEnv(settings = e2eSettings()): Record<string, string> {
  return {
    NODE_ENV: "production",
    PORT: String(settings.port),
    HOST: "127.0.0.1",
    APP_URL: settings.baseUrl,
    DATABASE_URL: settings.databaseUrl,
    DATA_DIR: settings.dataDir,
    AUTH_SECRET: settings.authSecret,
    SMTP_URL: `smtp://127.0.0.1:${settings.smtpPort}`,
    MAIL_FROM: "KontaktAkademin <no-reply@kontaktakademin.test>",
    KA_BUILD_DIR: settings.buildDir,
    // Test-only signing key for credentials; its format is defined by app/modules/certificates
    // (whoever changes that format updates this value).
    CREDENTIAL_SIGNING_KEY:
      process.env.E2E_CREDENTIAL_SIGNING_KEY ?? "z3u2cBdoZ74wNbQ9wAZKqucXnk7GSYYn4eBpeRUh2iMjoU37",
    LOG_LEVEL: "warn",
    JOBS_ENABLED: "true",
    // One process: specs read the server's stderr and time background jobs against one instance.
    // Several workers are covered by tests/e2e/cluster.spec.ts and the two-instance spec.
    WEB_CONCURRENCY: "1",
    // Test-only: the e2e webhook receiver is a plain node:http server on 127.0.0.1 in the test
    // process, so the production build must accept an http:// subscription URL here. Production
    // keeps the default (https only).
    WEBHOOK_ALLOW_HTTP: "true",
    // Test-only Stripe keys; the official client talks to the local fake on stripePort (never to
    // Stripe). No course has a price unless a spec sets one, so every other spec sees free courses.
    STRIPE_SECRET_KEY: "sk_test_fake_0123456789",
    STRIPE_WEBHOOK_SECRET: "whsec_test_fake_0123456789",
    STRIPE_API_BASE: `http://127.0.0.1:${settings.stripePort}`,
    // ... and on a loopback address, which webhook URLs may only name when this is set.
    WEBHOOK_ALLOW_LOOPBACK: "true",
  };
}
