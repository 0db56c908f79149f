import { afterEach, describe, expect, it } from "vitest";
import { handledEarly } from "./handled-early";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
  unhandled.length = 0;
});

/** Lets Node run its unhandled-rejection check (it runs after the microtask queue drains). */
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("handledEarly", () => {
  it("a rejection before anyone awaits is not unhandled, and the later await still gets the error", async () => {
    process.on("unhandledRejection", onUnhandled);
    const failing = handledEarly(Promise.reject(new Error("ECONNREFUSED")));
    await nextTurn();
    expect(unhandled).toEqual([]);
    await expect(failing).rejects.toThrow("ECONNREFUSED");
  });

  it("without it, the same promise is reported unhandled (what stopped the server)", async () => {
    process.on("unhandledRejection", onUnhandled);
    const failing = Promise.reject(new Error("ECONNREFUSED"));
    await nextTurn();
    expect(unhandled).toHaveLength(1);
    await expect(failing).rejects.toThrow("ECONNREFUSED");
  });

  it("passes a value through", async () => {
    await expect(handledEarly(Promise.resolve(42))).resolves.toBe(42);
  });
});
