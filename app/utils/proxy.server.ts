// Who the client is behind load balancers. TRUST_PROXY says how far X-Forwarded-For is believed:
// a hop count (how many proxies stand in front of the app) or a list of proxy addresses and
// ranges. Express walks the header from the right, so entries a client wrote itself (they come
// first) are never taken as its address, and a client's own X-Request-Id is only adopted when
// the connection comes from a trusted proxy.
import { isIP } from "node:net";

export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * "false"/"0"/"" → trust nobody; "true" → one proxy (the usual single load balancer);
 * "N" → N proxies; "10.0.0.0/8, 192.0.2.7, loopback" → exactly those proxy addresses.
 */
export function parseTrustProxy(
  raw: string | undefined,
): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "false" || value === "0") return { ok: true, value: false };
  if (value === "true") return { ok: true, value: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 10 ? { ok: true, value: hops } : { ok: false, message: "a hop count from 1 to 10" };
  }
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !isAddressOrRange(e));
  if (bad !== undefined || entries.length === 0) {
    return {
      ok: false,
      message: `"false", a hop count (1–10) or a comma-separated list of proxy addresses/CIDR ranges; "${bad ?? raw}" is none of these`,
    };
  }
  return { ok: true, value: entries };
}

const REQUEST_ID = /^[\w.-]{1,100}$/;

/** The request id: the one a trusted proxy sent (well-formed), else a fresh one. */
export function chooseRequestId(incoming: string | undefined, fromTrustedProxy: boolean, fresh: () => string): string {
  return fromTrustedProxy && incoming && REQUEST_ID.test(incoming) ? incoming : fresh();
}
