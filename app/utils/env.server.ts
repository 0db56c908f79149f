// Environment, parsed once at boot by one zod schema. A wrong or missing value stops the app
// with one line naming the variable (see server/index.ts). Nothing else reads process.env.
import { z } from "zod";
import { decodeSecretKeyMultibase } from "~/modules/certificates/signing-key";
import { parseTrustProxy } from "./proxy.server";
import { forget, remember } from "./remember.server";

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
    // What the build prepared for a quick start (ADR 032): the embedded database's template for a
    // new folder, and the lessons compiled. The launcher sets it to the build's server folder when
    // it serves a build; unset: PGlite's initdb, and lessons compiled at the first start.
    PREBUILT_DIR: optionalString,
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")
        .optional(),
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
    // gzip responses in Node. Off by default in production, where the proxy in front compresses
    // (gzip in Node cost about 7 % of a page's CPU and gains nothing behind one); on elsewhere.
    COMPRESS_RESPONSES: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
    // Worker processes of the production server on PostgreSQL (default: one per CPU core). The
    // embedded database is one process and ignores it.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
    // Stripe (app/modules/billing): both or neither. Without them paid courses say how to get access.
    STRIPE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^whsec_\S+$/, "must be a Stripe webhook signing secret (whsec_…)")
        .optional(),
    ),
    // Test set-ups only: where the Stripe client sends its requests (a local server that answers like Stripe).
    STRIPE_API_BASE: optionalString.pipe(
      z
        .string()
        .regex(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, "must be http(s)://host[:port]")
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    const required: Array<keyof typeof env> = ["AUTH_SECRET", "APP_URL", "SMTP_URL", "CREDENTIAL_SIGNING_KEY"];
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
  })
  .superRefine((env, ctx) => {
    const entra = [
      env.AUTH_MICROSOFT_ENTRA_ID_ID,
      env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
      env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
    ];
    const set = entra.filter(Boolean).length;
    if (set !== 0 && set !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_MICROSOFT_ENTRA_ID_ID"],
        message: "set all three AUTH_MICROSOFT_ENTRA_ID_ID, _SECRET and _ISSUER, or none",
      });
    }
  })
  .superRefine((env, ctx) => {
    const live = /^(sk|rk)_live_/.test(env.STRIPE_SECRET_KEY ?? "");
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "is required when STRIPE_SECRET_KEY is set (webhooks grant the purchases)",
      });
    } else if (env.STRIPE_WEBHOOK_SECRET && !env.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message: "is required when STRIPE_WEBHOOK_SECRET is set",
      });
    }
    if (live && env.NODE_ENV !== "production") {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message: `is a live key outside production (NODE_ENV=${env.NODE_ENV}); use an sk_test_ key`,
      });
    }
    if (live && env.STRIPE_API_BASE) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_API_BASE"],
        message: "must not be set with a live key (it is for test servers only)",
      });
    }
  });

export type StripeConfig = { secretKey: string; webhookSecret: string; apiBase: URL | null; testMode: boolean };

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & {
  APP_URL: string;
  /** Stripe keys, or null: without them the app runs and paid courses say how to get access. */
  stripe: StripeConfig | null;
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
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null,
            testMode: /^(sk|rk)_test_/.test(env.STRIPE_SECRET_KEY),
          }
        : null,
  };
}

/** The process's env, parsed on first use (server/index.ts calls this at boot to fail fast). */
export function getEnv(): Env {
  return remember("env", () => parseEnv(process.env));
}

/** Forgets the parsed env, so the next getEnv() reads process.env again (tests that change it). */
export function reloadEnv(): void {
  forget("env");
}
