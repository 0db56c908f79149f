import { afterEach, describe, expect, it, vi } from "vitest";
import { forget, remember } from "./remember.server";

const NAME = "test.remember";

afterEach(() => {
  forget(NAME);
});

describe("remember", () => {
  it("creates the value once and returns the same one after", () => {
    const create = vi.fn(() => ({ made: true }));
    const first = remember(NAME, create);
    expect(remember(NAME, create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("keeps the value on globalThis under Symbol.for, so every copy of a module shares it", () => {
    const value = remember(NAME, () => "shared");
    const entry = (globalThis as unknown as Record<symbol, { value: unknown } | undefined>)[
      Symbol.for(`kontaktakademin.${NAME}`)
    ];
    expect(entry?.value).toBe(value);
  });

  it("remembers a value created as undefined instead of creating it again", () => {
    const create = vi.fn(() => undefined);
    remember(NAME, create);
    remember(NAME, create);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("creates a new value when asked with another key, and keeps it for that key", () => {
    const a = remember(NAME, () => ({ url: "a" }), { key: "a" });
    expect(remember(NAME, () => ({ url: "x" }), { key: "a" })).toBe(a);
    const b = remember(NAME, () => ({ url: "b" }), { key: "b" });
    expect(b).toEqual({ url: "b" });
    expect(remember(NAME, () => ({ url: "x" }), { key: "b" })).toBe(b);
  });

  it("forget returns the value and lets the next remember create a fresh one", () => {
    const first = remember(NAME, () => ({ n: 1 }));
    expect(forget(NAME)).toBe(first);
    expect(forget(NAME)).toBeUndefined();
    expect(remember(NAME, () => ({ n: 2 }))).toEqual({ n: 2 });
  });

  it("forget with a value forgets only while that value is the remembered one", () => {
    const stale = remember(NAME, () => ({ n: 1 }));
    forget(NAME);
    const fresh = remember(NAME, () => ({ n: 2 }));
    expect(forget(NAME, stale)).toBeUndefined();
    expect(remember(NAME, () => ({ n: 3 }))).toBe(fresh);
    expect(forget(NAME, fresh)).toBe(fresh);
  });
});
