import { describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { authProviders } from "./auth.server";

const ids = async (env: Record<string, string>) =>
  (await authProviders(parseEnv(env))).map((p) => (typeof p === "function" ? p().id : p.id));

describe("authProviders", () => {
  it("offers only the e-mail magic link by default", async () => {
    expect(await ids({})).toEqual(["nodemailer"]);
  });

  it("adds Microsoft Entra ID when all three variables are set", async () => {
    expect(
      await ids({
        AUTH_MICROSOFT_ENTRA_ID_ID: "client-id",
        AUTH_MICROSOFT_ENTRA_ID_SECRET: "client-secret",
        AUTH_MICROSOFT_ENTRA_ID_ISSUER: "https://login.microsoftonline.com/tenant-id/v2.0",
      }),
    ).toEqual(["nodemailer", "microsoft-entra-id"]);
  });
});
