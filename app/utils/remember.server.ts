// Process-wide singletons. The HTTP server and the app build (and, in development, each rebuild
// of it) load their own copies of a module, so a module-level `let` would open a second database
// or parse the env twice. A value remembered here lives on globalThis under Symbol.for(name), so
// every copy of every module sees the same one.

type Entry = { key: string | undefined; value: unknown };

const PREFIX = "kontaktakademin.";
const store = globalThis as unknown as Record<symbol, Entry | undefined>;
const slot = (name: string) => Symbol.for(PREFIX + name);

/**
 * The value remembered under `name`, created by `create` on first use. With `key`, the value
 * belongs to that key: asking with another key (say, a changed SMTP_URL) creates a new value.
 */
export function remember<T>(name: string, create: () => T, options: { key?: string } = {}): T {
  const entry = store[slot(name)];
  if (entry && entry.key === options.key) return entry.value as T;
  const value = create();
  store[slot(name)] = { key: options.key, value };
  return value;
}

/**
 * Forgets the value under `name` so the next remember() creates it again, and returns it.
 * With `only`, forgets only while that very value is the one remembered (a failed open must not
 * forget the retry that replaced it).
 */
export function forget<T>(name: string, only?: T): T | undefined {
  const entry = store[slot(name)];
  if (!entry || (only !== undefined && entry.value !== only)) return undefined;
  store[slot(name)] = undefined;
  return entry.value as T;
}
