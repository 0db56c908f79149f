import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("defaults to the embedded database in development", () => {
    const env = parseEnv({});
    expect(env.databaseEngine).toBe("embedded");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.isProduction).toBe(false);
  });

  it("selects PostgreSQL when DATABASE_URL is set", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/ka" }).databaseEngine).toBe("postgresql");
  });

  it("names the variable when DATABASE_URL is not a postgres URL", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrowError(
      /^Invalid environment: DATABASE_URL must be a postgresql:\/\/ URL/,
    );
  });

  it("requires secrets in production", () => {
    try {
      parseEnv({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as Error).message).toContain("AUTH_SECRET is required in production");
      expect((error as Error).message).toContain("SMTP_URL is required in production");
    }
  });

  it("rejects a partial Entra ID configuration", () => {
    expect(() => parseEnv({ AUTH_MICROSOFT_ENTRA_ID_ID: "x" })).toThrowError(
      /AUTH_MICROSOFT_ENTRA_ID_ID set all three/,
    );
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET must be at least 32 characters/);
  });

  describe("Stripe", () => {
    const keys = { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc" };
    it("runs without keys: payments are off", () => {
      expect(parseEnv({}).stripe).toBeNull();
    });
    it("takes test keys and an optional API base for test servers", () => {
      const env = parseEnv({ ...keys, STRIPE_API_BASE: "http://127.0.0.1:12111" });
      expect(env.stripe).toMatchObject({ secretKey: "sk_test_abc123", webhookSecret: "whsec_abc", testMode: true });
      expect(env.stripe?.apiBase?.port).toBe("12111");
    });
    it("stops on keys without a webhook secret, in one line", () => {
      expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_abc" })).toThrowError(
        /^Invalid environment: STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set[^\n]*$/,
      );
    });
    it("stops on a live key in development", () => {
      expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrowError(
        /STRIPE_SECRET_KEY is a live key outside production/,
      );
    });
    it("refuses a test server with a live key in production", () => {
      expect(() =>
        parseEnv({
          NODE_ENV: "production",
          STRIPE_SECRET_KEY: "sk_live_abc",
          STRIPE_WEBHOOK_SECRET: "whsec_x",
          STRIPE_API_BASE: "http://127.0.0.1:1",
        }),
      ).toThrowError(/STRIPE_API_BASE must not be set with a live key/);
    });
    it("rejects what is not a Stripe key", () => {
      expect(() => parseEnv({ STRIPE_SECRET_KEY: "pk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrowError(
        /STRIPE_SECRET_KEY must be a Stripe secret key/,
      );
    });
  });
});
