import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, bufferedBody, declaredLength, declaresBody, readBodyUpTo } from "./body-limit.server";

describe("readBodyUpTo", () => {
  it("returns a body within the limit whole", async () => {
    const stream = new PassThrough();
    const read = readBodyUpTo(stream, 10);
    stream.write("12345");
    stream.end("67890");
    expect((await read)?.toString()).toBe("1234567890");
  });

  it("stops at the first byte over the limit and leaves the rest unread", async () => {
    const stream = new PassThrough();
    const read = readBodyUpTo(stream, 10);
    stream.write("123456");
    stream.write("78901");
    expect(await read).toBeNull();
    expect(stream.listenerCount("data")).toBe(0);
    expect(stream.isPaused()).toBe(true);
  });

  it("fails when the stream closes before its end", async () => {
    const stream = new PassThrough();
    const read = readBodyUpTo(stream, 10);
    stream.destroy();
    await expect(read).rejects.toThrow();
  });
});

describe("declared lengths", () => {
  it("reads Content-Length and knows when there is a body", () => {
    expect(declaredLength({ "content-length": "12" })).toBe(12);
    expect(declaredLength({})).toBeNull();
    expect(declaredLength({ "content-length": "x" })).toBeNull();
    expect(declaresBody({})).toBe(false);
    expect(declaresBody({ "content-length": "0" })).toBe(false);
    expect(declaresBody({ "content-length": "1" })).toBe(true);
    expect(declaresBody({ "transfer-encoding": "chunked" })).toBe(true);
  });
});

describe("bodyLimit", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      bodyLimit(req, res, () => res.end(`read ${bufferedBody(req)?.length ?? "nothing"}`));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function send(
    path: string,
    body: Buffer | null,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text, headers: res.headers });
        });
      });
      req.on("error", reject);
      req.end(body ?? undefined);
    });
  }

  it("hands a body within the limit on", async () => {
    expect(await send("/login", Buffer.alloc(64 * 1024, "a"))).toMatchObject({
      status: 200,
      text: `read ${64 * 1024}`,
    });
    expect(await send("/login", null)).toMatchObject({ status: 200, text: "read nothing" });
  });

  it("answers a form body over 64 KB with the reader's-language 413 and closes", async () => {
    const answer = await send("/login", Buffer.alloc(64 * 1024 + 1, "a"), { "accept-language": "en" });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("too large");
    expect(answer.headers.connection).toBe("close");
    expect(answer.headers["cache-control"]).toBe("no-store");
  });

  it("answers an API body over 16 KB with the API's JSON error", async () => {
    const answer = await send("/api/v1/webhooks", Buffer.alloc(16 * 1024 + 1, "a"), {
      "transfer-encoding": "chunked",
      "accept-language": "sv",
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({
      error: { code: "payload_too_large", message: "Anropets innehåll är större än 16384 byte." },
    });
  });

  it("lets the invite page take a 1 MB file", async () => {
    expect(await send("/team/org1/invite", Buffer.alloc(1_000_000, "a"))).toMatchObject({ status: 200 });
    expect(await send("/team/org1/invite", Buffer.alloc(1_100_000, "a"))).toMatchObject({ status: 413 });
  });
});
