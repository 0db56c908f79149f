// A console.error during a test is a failure: errors must not pass silently.
import { afterEach, vi } from "vitest";

let errors: unknown[][] = [];
const original = console.error;

vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
  original(...args);
});

afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length)
    throw new Error(
      `console.error was called during the test: ${seen.map((a) => a.map(String).join(" ")).join(" | ")}`,
    );
});
