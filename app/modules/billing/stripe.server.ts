// The official Stripe client, configured from the env (app/utils/env.server.ts). null when no keys
// are set: the app runs and paid courses say how to get access instead of offering a buy button.
// STRIPE_API_BASE (test set-ups only) points the client at a local server that answers like Stripe.
// The library (~0.35 s and ~20 MB to load) is loaded on the first payment call, not at every start.
import type Stripe from "stripe";
import { getEnv, type StripeConfig } from "~/utils/env.server";
import { remember } from "~/utils/remember.server";

export async function stripeClientFor(config: StripeConfig): Promise<Stripe> {
  const { default: StripeClient } = await import("stripe");
  const base = config.apiBase;
  return new StripeClient(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "KontaktAkademin" },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "https:" ? 443 : 80),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

/** The client for this process's configuration, or null without keys. */
export async function getStripe(): Promise<Stripe | null> {
  const config = getEnv().stripe;
  if (!config) return null;
  return remember("stripe", () => stripeClientFor(config), {
    key: `${config.secretKey}|${config.apiBase?.toString() ?? ""}`,
  });
}

export function paymentsEnabled(): boolean {
  return getEnv().stripe !== null;
}

export type { Stripe };
