// Rows that need not be written in the request that causes them (the API request log): collected
// in memory and written together, at most `maxItems` at a time and at most `maxDelayMs` after the
// first one waits. One INSERT for many requests instead of one per request. flushAllWriteBatches()
// writes whatever waits (graceful shutdown, and readers that must see every row so far); a crash
// loses at most `maxDelayMs` of rows.
import { logger } from "./logger.server";

export type WriteBatch<T> = { add: (item: T) => void; flush: () => Promise<void> };

const batches = new Set<WriteBatch<unknown>>();

export function createWriteBatch<T>(
  name: string,
  write: (items: T[]) => Promise<unknown>,
  { maxItems = 200, maxDelayMs = 100 } = {},
): WriteBatch<T> {
  let waiting: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const items = waiting;
    waiting = [];
    if (items.length) {
      inFlight = inFlight.then(() =>
        write(items).then(
          () => undefined,
          (error: unknown) => logger.warn(`${name}: batch write failed`, { rows: items.length, err: error as Error }),
        ),
      );
    }
    return inFlight;
  };

  const batch: WriteBatch<T> = {
    add(item) {
      waiting.push(item);
      if (waiting.length >= maxItems) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), maxDelayMs);
        timer.unref();
      }
    },
    flush,
  };
  batches.add(batch as WriteBatch<unknown>);
  return batch;
}

/** Writes every batch's waiting rows and waits for the writes. */
export async function flushAllWriteBatches(): Promise<void> {
  await Promise.all([...batches].map((b) => b.flush()));
}
