// Environment, parsed once at boot by one zod schema. A wrong or missing value stops the app
// with one line naming the variable (see server/index.ts). Nothing else reads process.env.
import { z } from "zod";
import { decodeSecretKeyMultibase } from "~/modules/certificates/signing-key";
import { parseTrustProxy } from "./proxy.server";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    APP_URL: z.string().url().optional(),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a postgresql:// URL (or unset for the embedded database)")
        .optional(),
    ),
    DATA_DIR: z.string().default("./data"),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    SMTP_URL: optionalString.pipe(
      z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional(),
    ),
    MAIL_FROM: z.string().default("KontaktAkademin <no-reply@kontaktakademin.se>"),
    AUTH_MICROSOFT_ENTRA_ID_ID: optionalString,
    AUTH_MICROSOFT_ENTRA_ID_SECRET: optionalString,
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: optionalString.pipe(z.string().url().optional()),
    // Ed25519 secretKeyMultibase ("z…", see app/modules/certificates/signing-key.ts); signs the
    // Open Badges credentials. Generate: `npx tsx scripts/credential-key.ts`. Development: generated
    // once into DATA_DIR/dev-credential-signing-key when unset.
    CREDENTIAL_SIGNING_KEY: optionalString.pipe(
      z
        .string()
        .superRefine((value, ctx) => {
          const decoded = decodeSecretKeyMultibase(value);
          if (!decoded.ok) ctx.addIssue({ code: "custom", message: decoded.message });
        })
        .optional(),
    ),
    // How many proxies stand in front of the app, or their addresses (app/utils/proxy.server.ts).
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        const parsed = parseTrustProxy(raw);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: "custom", message: `must be ${parsed.message}` });
        return z.NEVER;
      }),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    SEED_ON_START: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
    // Certification API: requests per minute per API client, counted across all instances.
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    // Webhook receiver URLs must be https in production unless this is set (test set-ups).
    WEBHOOK_ALLOW_HTTP: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    // Webhook receivers on loopback addresses (127.0.0.0/8, ::1, localhost) are refused unless this
    // is set: development and test set-ups whose receiver runs on the same machine. Private,
    // link-local, CGNAT, multicast and metadata addresses are refused whatever it says.
    WEBHOOK_ALLOW_LOOPBACK: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    JOBS_ENABLED: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    const required: Array<keyof typeof env> = ["AUTH_SECRET", "APP_URL", "SMTP_URL", "CREDENTIAL_SIGNING_KEY"];
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
  })
  .superRefine((env, ctx) => {
    const entra = [env.AUTH_MICROSOFT_ENTRA_ID_ID, env.AUTH_MICROSOFT_ENTRA_ID_SECRET, env.AUTH_MICROSOFT_ENTRA_ID_ISSUER];
    const set = entra.filter(Boolean).length;
    if (set !== 0 && set !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_MICROSOFT_ENTRA_ID_ID"],
        message: "set all three AUTH_MICROSOFT_ENTRA_ID_ID, _SECRET and _ISSUER, or none",
      });
    }
  });

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & {
  APP_URL: string;
  isProduction: boolean;
  databaseEngine: "postgresql" | "embedded";
  entraEnabled: boolean;
};

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError with one readable line per problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "env"} ${i.message}`);
    throw new EnvError(`Invalid environment: ${lines.join("; ")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    isProduction: env.NODE_ENV === "production",
    databaseEngine: env.DATABASE_URL ? "postgresql" : "embedded",
    entraEnabled: Boolean(env.AUTH_MICROSOFT_ENTRA_ID_ID),
  };
}

const globalEnv = globalThis as unknown as { __kaEnv?: Env };

/** The process's env, parsed on first use (server/index.ts calls this at boot to fail fast). */
export function getEnv(): Env {
  globalEnv.__kaEnv ??= parseEnv(process.env);
  return globalEnv.__kaEnv;
}
