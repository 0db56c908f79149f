// The versions of the public content that lives in the database (table PublicContentVersion,
// bumped at commit by triggers; ADR 028), read with a barrier: a reader gets versions from a
// query that started after it asked, so every change committed before the request arrived, by
// any process, is seen. Readers that ask while a query is running, or in the same turn of the
// event loop, share the next one, so under load there is at most one query in flight and one
// queued, however many requests wait.

/** Kinds of public content whose source is the database. */
export const contentScopes = ["certificates", "prices"] as const;
export type ContentScope = (typeof contentScopes)[number];

export type ContentVersions = ReadonlyMap<string, string>;

export type VersionRow = { scope: string; version: string | number | bigint };

export const VERSIONS_SQL = `SELECT "scope", "version"::text AS "version" FROM "PublicContentVersion"`;

export class ContentVersionClock {
  #inflight: Promise<ContentVersions> | undefined;
  #next: Promise<ContentVersions> | undefined;
  #queries = 0;

  constructor(private readonly query: () => Promise<VersionRow[]>) {}

  /** Versions as of some moment after this call. */
  read(): Promise<ContentVersions> {
    this.#next ??= this.#schedule();
    return this.#next;
  }

  /** How many queries were sent (tests, bench). */
  get queries(): number {
    return this.#queries;
  }

  /**
   * The next query: after the running one (which may have started before the caller arrived)
   * and after the requests read in this turn of the event loop, so they all share it.
   */
  async #schedule(): Promise<ContentVersions> {
    await this.#inflight?.catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    // From here on, a caller arrives after this query starts: it waits for the one after.
    this.#next = undefined;
    this.#queries++;
    const running = this.query().then((rows) => new Map(rows.map((row) => [row.scope, String(row.version)])));
    this.#inflight = running;
    return running;
  }
}

/** The versions of these scopes, in their order (-1 for a scope the table does not have). */
export function versionsOf(versions: ContentVersions, scopes: readonly ContentScope[]): number[] {
  return scopes.map((scope) => Number(versions.get(scope) ?? -1));
}

/** Content rendered at `rendered` shows every change up to `current` (counters only grow). */
export function covers(rendered: readonly number[], current: readonly number[]): boolean {
  return current.every((version, i) => version >= 0 && (rendered[i] ?? -1) >= version);
}
