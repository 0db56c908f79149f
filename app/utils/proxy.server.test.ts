// TRUST_PROXY against spoofed headers, with a real Express app on loopback: the client address is
// the one our proxy appended, never one the client wrote, and only a trusted proxy names requests.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { chooseRequestId, parseTrustProxy, type TrustProxy } from "./proxy.server";

describe("parseTrustProxy", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["0", false],
    ["true", 1],
    ["1", 1],
    ["2", 2],
    ["10.0.0.0/8", ["10.0.0.0/8"]],
    ["10.0.0.0/8, 192.0.2.7 ,loopback", ["10.0.0.0/8", "192.0.2.7", "loopback"]],
    ["fd00::/8", ["fd00::/8"]],
  ])("%j → %j", (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(["yes", "11", "10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.0/8/1", ",", "::1/129"])(
    "refuses %j",
    (raw) => {
      expect(parseTrustProxy(raw).ok).toBe(false);
    },
  );
});

describe("behind a proxy", () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function serve(trust: TrustProxy) {
    const app = express();
    app.set("trust proxy", trust);
    app.get("/", (req, res) => {
      const fromTrustedProxy = (app.get("trust proxy fn") as (address: string, hop: number) => boolean)(
        req.socket.remoteAddress ?? "",
        0,
      );
      res.json({ ip: req.ip, requestId: chooseRequestId(req.get("x-request-id"), fromTrustedProxy, () => "fresh") });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    close = () => server.close();
    const port = (server.address() as AddressInfo).port;
    return async (headers: Record<string, string>) =>
      (await fetch(`http://127.0.0.1:${port}/`, { headers })).json() as Promise<{ ip: string; requestId: string }>;
  }

  // Our load balancer appends the address it saw; a client may have written anything before it.
  const spoofed = { "x-forwarded-for": "6.6.6.6, 203.0.113.9", "x-request-id": "client-chosen" };

  it("with no trust, ignores X-Forwarded-For and X-Request-Id", async () => {
    const get = await serve(false);
    expect(await get(spoofed)).toEqual({ ip: "127.0.0.1", requestId: "fresh" });
  });

  it("with one hop (TRUST_PROXY=1 or true), takes the address the proxy appended, not the client's own entry", async () => {
    const get = await serve(1);
    expect(await get(spoofed)).toEqual({ ip: "203.0.113.9", requestId: "client-chosen" });
    expect((await get({ "x-forwarded-for": "203.0.113.9" })).ip).toBe("203.0.113.9");
  });

  it("with a list of proxy addresses, believes only those", async () => {
    expect(await (await serve(["loopback"]))(spoofed)).toEqual({ ip: "203.0.113.9", requestId: "client-chosen" });
    close?.();
    // The connection comes from 127.0.0.1, which is not in the list: nothing in the headers counts.
    expect(await (await serve(["10.0.0.0/8"]))(spoofed)).toEqual({ ip: "127.0.0.1", requestId: "fresh" });
  });

  it("refuses a malformed X-Request-Id even from a trusted proxy", async () => {
    const get = await serve(1);
    expect((await get({ "x-request-id": "a b\tc" })).requestId).toBe("fresh");
  });
});
