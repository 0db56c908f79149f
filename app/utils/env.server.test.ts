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
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrowError(/^Invalid environment: DATABASE_URL must be a postgresql:\/\/ URL/);
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
    expect(() => parseEnv({ AUTH_MICROSOFT_ENTRA_ID_ID: "x" })).toThrowError(/AUTH_MICROSOFT_ENTRA_ID_ID set all three/);
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET must be at least 32 characters/);
  });
});
