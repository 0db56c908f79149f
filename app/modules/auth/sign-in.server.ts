// Starting a magic-link sign-in: rate limits per address and per IP (held in the database, so
// across instances), then Auth.js sends the link.
import { createRateLimiter } from "~/utils/rate-limit.server";
import { startEmailSignIn } from "./auth.server";

const perEmail = createRateLimiter({ keyPrefix: "signin-email", points: 5, durationSeconds: 15 * 60 });
const perIp = createRateLimiter({ keyPrefix: "signin-ip", points: 20, durationSeconds: 15 * 60 });

export type SignInOutcome =
  | { status: "sent"; setCookies: string[] }
  | { status: "rate-limited"; retryAfterSeconds: number }
  | { status: "failed" };

export async function requestSignInLink(
  request: Request,
  input: { email: string; clientIp: string; callbackUrl: string },
): Promise<SignInOutcome> {
  const ip = await perIp.consume(input.clientIp);
  if (!ip.allowed) return { status: "rate-limited", retryAfterSeconds: ip.retryAfterSeconds };
  const email = await perEmail.consume(input.email);
  if (!email.allowed) return { status: "rate-limited", retryAfterSeconds: email.retryAfterSeconds };
  const result = await startEmailSignIn(request, input.email, input.callbackUrl);
  return result.ok ? { status: "sent", setCookies: result.setCookies } : { status: "failed" };
}
