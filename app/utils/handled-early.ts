// A promise that a library starts now but awaits only later: if it rejects in between, Node sees
// an unhandled rejection and stops the process. Marking it handled at once keeps the rejection
// for whoever awaits it later.

/** Returns the same promise, already marked as handled; awaiting it still throws its error. */
export function handledEarly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
