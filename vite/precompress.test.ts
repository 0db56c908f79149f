import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { precompressFolder } from "./precompress";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ka-precompress-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("precompressFolder", () => {
  it("writes brotli and gzip copies of served files, not of Vite's build metadata", async () => {
    const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `ord ${i}`))};\n`;
    mkdirSync(join(dir, "assets"));
    mkdirSync(join(dir, ".vite"));
    writeFileSync(join(dir, "assets", "app-1234.js"), script);
    writeFileSync(join(dir, ".vite", "manifest.json"), JSON.stringify({ script }));
    expect(await precompressFolder(dir)).toBe(1);
    expect(existsSync(join(dir, "assets", "app-1234.js.br"))).toBe(true);
    expect(existsSync(join(dir, "assets", "app-1234.js.gz"))).toBe(true);
    expect(existsSync(join(dir, ".vite", "manifest.json.br"))).toBe(false);
  });
});
