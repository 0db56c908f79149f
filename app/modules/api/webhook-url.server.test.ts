import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkReceiverUrlSyntax, resolveReceiver, type Resolver } from "./webhook-url.server";

const fake =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("webhook receiver addresses", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast, metadata and reserved addresses, IPv4 and IPv6", () => {
    const blocked: Array<[string, string]> = [
      ["127.0.0.1", "loopback"],
      ["127.255.0.9", "loopback"],
      ["::1", "loopback"],
      ["10.1.2.3", "private"],
      ["172.16.0.1", "private"],
      ["172.31.255.255", "private"],
      ["192.168.1.1", "private"],
      ["fd12:3456::1", "private"],
      ["169.254.1.1", "link_local"],
      ["fe80::1", "link_local"],
      ["100.64.0.1", "shared"],
      ["100.127.255.254", "shared"],
      ["224.0.0.1", "multicast"],
      ["ff02::1", "multicast"],
      ["169.254.169.254", "metadata"],
      ["fd00:ec2::254", "metadata"],
      ["0.0.0.0", "unspecified"],
      ["::", "unspecified"],
      ["255.255.255.255", "reserved"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["::ffff:169.254.169.254", "metadata"],
      ["64:ff9b::10.0.0.1", "private"],
      ["2002:c0a8:0101::1", "private"],
    ];
    for (const [address, reason] of blocked) expect(blockedAddressReason(address), address).toBe(reason);
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
    ])
      expect(blockedAddressReason(address), address).toBeNull();
    expect(blockedAddressReason("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(blockedAddressReason("::1", { allowLoopback: true })).toBeNull();
    expect(blockedAddressReason("10.0.0.1", { allowLoopback: true })).toBe("private");
  });

  it("refuses user-info and every spelling of a local address in the URL itself", () => {
    const strict = { allowLoopback: false };
    for (const url of [
      "https://user:pw@hooks.example/x",
      "https://user@hooks.example/x",
      "http://2130706433/hook", // 127.0.0.1 as one number
      "http://0x7f000001/hook",
      "http://0177.0.0.1/hook", // octal
      "http://127.1/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[::ffff:a9fe:a9fe]/hook", // 169.254.169.254
      "http://169.254.169.254/latest/meta-data",
      "http://100.100.100.200/",
      "http://10.0.0.1/",
      "http://[fe80::1]/",
      "http://localhost:3000/hook",
      "http://app.localhost/hook",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://3232235777/", // 192.168.1.1
    ]) {
      expect(checkReceiverUrlSyntax(new URL(url), strict), url).toMatchObject({ code: "invalid_url" });
    }
    expect(checkReceiverUrlSyntax(new URL("https://hooks.example/x"), strict)).toBeNull();
    expect(checkReceiverUrlSyntax(new URL("http://127.0.0.1:8080/x"), { allowLoopback: true })).toBeNull();
    expect(checkReceiverUrlSyntax(new URL("http://[::1]:8080/x"), { allowLoopback: true })).toBeNull();
    expect(checkReceiverUrlSyntax(new URL("http://169.254.169.254/"), { allowLoopback: true })).toMatchObject({
      code: "invalid_url",
    });
  });

  it("resolves the name and refuses it when any address is not public (a fake resolver: no DNS traffic)", async () => {
    const resolver = fake({
      "good.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
      "rebind.example": ["93.184.216.34", "10.0.0.7"],
      "meta.example": ["169.254.169.254"],
      "v6local.example": ["::1"],
      "lo.example": ["127.0.0.1"],
    });
    const strict = { allowLoopback: false };
    await expect(resolveReceiver(new URL("https://good.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: true,
      addresses: [{ address: "93.184.216.34" }, { family: 6 }],
    });
    await expect(resolveReceiver(new URL("https://rebind.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: false,
      problem: { code: "invalid_url" },
    });
    await expect(resolveReceiver(new URL("https://meta.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: false,
    });
    await expect(resolveReceiver(new URL("https://v6local.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: false,
    });
    await expect(resolveReceiver(new URL("https://lo.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: false,
    });
    await expect(
      resolveReceiver(new URL("https://lo.example/h"), resolver, { allowLoopback: true }),
    ).resolves.toMatchObject({ ok: true });
    await expect(resolveReceiver(new URL("https://nowhere.example/h"), resolver, strict)).resolves.toMatchObject({
      ok: false,
      unresolved: true,
    });
    // A literal public address needs no resolver.
    await expect(resolveReceiver(new URL("https://93.184.216.34/h"), fake({}), strict)).resolves.toMatchObject({
      ok: true,
      addresses: [{ address: "93.184.216.34" }],
    });
  });
});
