import { describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE, pageSize, pageWindow } from "./pagination";

describe("pageWindow", () => {
  it.each([
    // total, requested page, size → page, pages, skip
    [0, 1, 10, 1, 1, 0],
    [0, 5, 10, 1, 1, 0],
    [25, 2, 10, 2, 3, 10],
    [25, 3, 10, 3, 3, 20],
    [25, 9, 10, 3, 3, 20],
    [25, 0, 10, 1, 3, 0],
    [25, -4, 10, 1, 3, 0],
    [25, 2.7, 10, 2, 3, 10],
    [25, undefined, 10, 1, 3, 0],
    [25, Number.NaN, 10, 1, 3, 0],
  ])("%i rows, page %s of size %i → page %i of %i, skipping %i", (total, requested, size, page, pages, skip) => {
    expect(pageWindow(total, requested, size)).toEqual({ page, pages, total, skip, take: size });
  });
});

describe("pageSize", () => {
  it("falls back, and stays within 1..MAX_PAGE_SIZE", () => {
    expect(pageSize(undefined, 25)).toBe(25);
    expect(pageSize(0, 25)).toBe(1);
    expect(pageSize(10_000, 25)).toBe(MAX_PAGE_SIZE);
    expect(pageSize(12.9, 25)).toBe(12);
  });
});
