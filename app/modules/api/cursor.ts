// Opaque pagination cursors: base64url of a small JSON object, validated by a zod schema on the
// way back in. Anything we did not produce (wrong alphabet, too long, not JSON, wrong shape)
// decodes to null, which the API answers with 400 invalid_cursor.
import type { z } from "zod";

export const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, schema: T): z.infer<T> | null {
  if (
    typeof cursor !== "string" ||
    cursor.length === 0 ||
    cursor.length > MAX_CURSOR_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  )
    return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? (parsed.data as z.infer<T>) : null;
}
