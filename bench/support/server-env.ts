// The environment every benchmark runs the production server with: test-only secrets and key,
// no outgoing mail, quiet logs.
import { benchBuildDir } from "./build";

/** Test-only Ed25519 signing key (Multikey secretKeyMultibase), never used outside benchmarks and tests. */
export const BENCH_SIGNING_KEY =
  process.env.BENCH_CREDENTIAL_SIGNING_KEY ?? "z3u2cBdoZ74wNbQ9wAZKqucXnk7GSYYn4eBpeRUh2iMjoU37";

export function benchServerEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    KA_BUILD_DIR: benchBuildDir,
    APP_URL: "http://localhost",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0000",
    SMTP_URL: "smtp://127.0.0.1:2",
    CREDENTIAL_SIGNING_KEY: BENCH_SIGNING_KEY,
    LOG_LEVEL: "error",
    JOBS_ENABLED: "false",
    // One process unless a bench asks for more (bench -- cluster): RSS is read from this pid.
    WEB_CONCURRENCY: "1",
    ...overrides,
  };
}
