// Where webhooks may be sent. A receiver URL may not carry user-info and may not point at an
// address inside our own network or the host's: loopback, private (RFC 1918, IPv6 ULA),
// link-local (incl. the cloud metadata address 169.254.169.254), shared/CGNAT (100.64.0.0/10),
// multicast, unspecified, reserved or documentation ranges, in any spelling (the URL parser turns
// 2130706433, 0x7f.1 and 127.1 into 127.0.0.1; IPv4-mapped and NAT64 IPv6 forms are unwrapped).
// Checked at registration and again at every delivery: the host name is resolved, every address
// checked, and the connection made to the checked address (so a DNS answer that changes between
// the check and the connection cannot redirect it). Loopback is allowed only with
// WEBHOOK_ALLOW_LOOPBACK (development and test set-ups).
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { getEnv } from "~/utils/env.server";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Resolves a host name to all its addresses (throws when it cannot). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

let currentResolver: Resolver = systemResolver;

/** The resolver used at registration and delivery; tests install a fake one (no DNS traffic). */
export function getWebhookResolver(): Resolver {
  return currentResolver;
}

export function setWebhookResolver(resolver: Resolver | null): void {
  currentResolver = resolver ?? systemResolver;
}

export type BlockReason =
  "loopback" | "private" | "link_local" | "shared" | "multicast" | "metadata" | "unspecified" | "reserved";

type Range4 = [number, number, BlockReason];

function ipv4ToInt(address: string): number | null {
  const parts = address.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

const cidr4 = (base: string, bits: number, reason: BlockReason): Range4 => {
  const start = ipv4ToInt(base)!;
  const size = 2 ** (32 - bits);
  return [start, start + size - 1, reason];
};

// Most specific first: the metadata addresses before the ranges that contain them.
const IPV4_BLOCKED: Range4[] = [
  cidr4("169.254.169.254", 32, "metadata"),
  cidr4("100.100.100.200", 32, "metadata"),
  cidr4("0.0.0.0", 8, "unspecified"),
  cidr4("10.0.0.0", 8, "private"),
  cidr4("100.64.0.0", 10, "shared"),
  cidr4("127.0.0.0", 8, "loopback"),
  cidr4("169.254.0.0", 16, "link_local"),
  cidr4("172.16.0.0", 12, "private"),
  cidr4("192.0.0.0", 24, "reserved"),
  cidr4("192.0.2.0", 24, "reserved"),
  cidr4("192.88.99.0", 24, "reserved"),
  cidr4("192.168.0.0", 16, "private"),
  cidr4("198.18.0.0", 15, "reserved"),
  cidr4("198.51.100.0", 24, "reserved"),
  cidr4("203.0.113.0", 24, "reserved"),
  cidr4("224.0.0.0", 4, "multicast"),
  cidr4("240.0.0.0", 4, "reserved"),
];

function classifyIpv4(address: string): BlockReason | null {
  const n = ipv4ToInt(address);
  if (n === null) return "reserved";
  for (const [start, end, reason] of IPV4_BLOCKED) if (n >= start && n <= end) return reason;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, "");
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToInt(dotted[1]!);
    if (v4 === null) return null;
    text = `${text.slice(0, dotted.index)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...tail].some(Number.isNaN)) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
}

function classifyIpv6(address: string): BlockReason | null {
  const g = ipv6Groups(address);
  if (!g) return "reserved";
  const embedded4 = () => `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): the IPv4 address decides.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyIpv4(embedded4());
  if (zeroUpTo(6)) return classifyIpv4(embedded4());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyIpv4(embedded4());
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return "metadata"; // AWS IPv6 metadata
  if ((g[0]! & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return "link_local"; // fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return "private"; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return "multicast"; // ff00::/8
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "reserved"; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return "reserved"; // discard-only
  if (g[0] === 0x2002) return classifyIpv4(`${g[1]! >> 8}.${g[1]! & 0xff}.${g[2]! >> 8}.${g[2]! & 0xff}`); // 6to4 wraps an IPv4 address
  return null;
}

/** Why an address may not receive webhooks, or null when it may. */
export function blockedAddressReason(address: string, options: { allowLoopback?: boolean } = {}): BlockReason | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const version = isIP(bare);
  const reason = version === 4 ? classifyIpv4(bare) : version === 6 ? classifyIpv6(bare) : "reserved";
  if (reason === "loopback" && options.allowLoopback) return null;
  return reason;
}

const LOOPBACK_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/;
const METADATA_NAMES = /^(metadata|metadata\.google\.internal|instance-data|instance-data\.ec2\.internal)$/;

export type UrlProblem = { code: "invalid_url"; message: string };

function problem(message: string): UrlProblem {
  return { code: "invalid_url", message };
}

function allowLoopback(): boolean {
  return getEnv().WEBHOOK_ALLOW_LOOPBACK;
}

/**
 * What can be said about a receiver URL without resolving it: no user-info; a literal address or
 * a well-known local name is checked here. null when nothing is wrong yet.
 */
export function checkReceiverUrlSyntax(
  url: URL,
  options: { allowLoopback?: boolean } = { allowLoopback: allowLoopback() },
): UrlProblem | null {
  if (url.username || url.password) return problem("The URL must not contain a user name or password (user-info).");
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "") return problem("The URL must name a host.");
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare)) {
    const reason = blockedAddressReason(bare, options);
    if (reason)
      return problem(
        `The URL points at a ${reason.replace("_", "-")} address (${bare}); webhooks go only to public addresses.`,
      );
    return null;
  }
  if (METADATA_NAMES.test(host)) return problem(`The URL names a cloud metadata host (${host}).`);
  if (LOOPBACK_NAMES.test(host) && !options.allowLoopback)
    return problem(`The URL names this machine (${host}); webhooks go only to public addresses.`);
  return null;
}

/**
 * Resolves the URL's host and checks every address. Returns the addresses that may be used
 * (all of them, when all are allowed), or the problem. A literal address is "resolved" to itself.
 */
export async function resolveReceiver(
  url: URL,
  resolver: Resolver = getWebhookResolver(),
  options: { allowLoopback?: boolean } = { allowLoopback: allowLoopback() },
): Promise<{ ok: true; addresses: ResolvedAddress[] } | { ok: false; problem: UrlProblem; unresolved?: boolean }> {
  const syntax = checkReceiverUrlSyntax(url, options);
  if (syntax) return { ok: false, problem: syntax };
  const bare = url.hostname.replace(/^\[|\]$/g, "");
  const version = isIP(bare);
  if (version) return { ok: true, addresses: [{ address: bare, family: version === 6 ? 6 : 4 }] };
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver(url.hostname.replace(/\.$/, ""));
  } catch (error) {
    return {
      ok: false,
      unresolved: true,
      problem: problem(
        `The host ${url.hostname} could not be resolved (${(error as { code?: string }).code ?? "lookup failed"}).`,
      ),
    };
  }
  if (addresses.length === 0)
    return { ok: false, unresolved: true, problem: problem(`The host ${url.hostname} has no address.`) };
  // One bad address is enough to refuse: a client could otherwise pick it.
  for (const a of addresses) {
    const reason = blockedAddressReason(a.address, options);
    if (reason)
      return {
        ok: false,
        problem: problem(
          `The host ${url.hostname} resolves to a ${reason.replace("_", "-")} address (${a.address}); webhooks go only to public addresses.`,
        ),
      };
  }
  return { ok: true, addresses };
}
