import { describe, expect, it } from "vitest";
import {
  addVary,
  cacheControlFor,
  isIdentifiedRequest,
  PRIVATE_NO_STORE,
  PUBLIC_REVALIDATE,
} from "./http-cache.server";

describe("cacheControlFor", () => {
  it("makes every response to an identified request private and unstored, whatever the route said", () => {
    expect(cacheControlFor({ identified: true, setsCookie: false, routeCacheControl: undefined })).toBe(
      PRIVATE_NO_STORE,
    );
    expect(cacheControlFor({ identified: true, setsCookie: false, routeCacheControl: "public, max-age=300" })).toBe(
      PRIVATE_NO_STORE,
    );
    expect(cacheControlFor({ identified: true, setsCookie: false, routeCacheControl: "max-age=60, privateish" })).toBe(
      PRIVATE_NO_STORE,
    );
  });
  it("keeps a route's own private policy (a lesson image may stay in the browser's cache)", () => {
    expect(cacheControlFor({ identified: true, setsCookie: false, routeCacheControl: "private, max-age=3600" })).toBe(
      "private, max-age=3600",
    );
    expect(cacheControlFor({ identified: true, setsCookie: false, routeCacheControl: "no-store" })).toBe("no-store");
  });
  it("never lets a shared cache keep a response that sets a cookie", () => {
    expect(cacheControlFor({ identified: false, setsCookie: true, routeCacheControl: "public, max-age=60" })).toBe(
      PRIVATE_NO_STORE,
    );
  });
  it("keeps a public route's own policy, and says 'public, revalidate' where it has none", () => {
    expect(cacheControlFor({ identified: false, setsCookie: false, routeCacheControl: "no-store" })).toBe("no-store");
    expect(cacheControlFor({ identified: false, setsCookie: false, routeCacheControl: undefined })).toBe(
      PUBLIC_REVALIDATE,
    );
  });
});

describe("isIdentifiedRequest", () => {
  it.each([
    [{ cookie: "authjs.session-token=abc" }, true],
    [{ cookie: "lng=sv; __Secure-authjs.session-token=abc" }, true],
    [{ authorization: "Bearer ka_test_x" }, true],
    [{ cookie: "lng=sv; authjs.csrf-token=x" }, false],
    [{ cookie: "xauthjs.session-token=abc" }, false],
    [{}, false],
  ])("%j → %s", (headers, expected) => expect(isIdentifiedRequest(headers)).toBe(expected));
});

describe("addVary", () => {
  it("adds once", () => {
    expect(addVary(undefined, "Cookie")).toBe("Cookie");
    expect(addVary("Accept-Encoding", "Cookie")).toBe("Accept-Encoding, Cookie");
    expect(addVary("accept-encoding, cookie", "Cookie")).toBe("accept-encoding, cookie");
    expect(addVary("*", "Cookie")).toBe("*");
  });
});
