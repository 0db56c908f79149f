// The embedded database's folder lock: one process at a time (PGlite has no lock between
// processes). Only node: imports, so a test can race many processes on it cheaply.
//
// Every step that changes the lock is a create-if-absent, so two processes can never both win:
// - a lock is written whole under a temporary name and link()ed into place (link fails if the
//   lock exists, and nobody ever sees a half-written lock);
// - each lock carries the holder's pid and a random id, so each lock is a distinct generation;
// - a stale lock (its pid is dead) is removed only by the process that first creates the
//   takeover marker named after that generation (O_EXCL), and only after re-reading that the
//   lock is still that generation. Nobody else may remove it, so it cannot change in between.
// The old check-then-remove let two processes starting after a crash both take the lock.
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const LOCK_FILE = "kontaktakademin.lock";

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by another process (pid ${pid}). ` +
        `Stop that process first, or set DATABASE_URL to use PostgreSQL for several processes.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The file's text, or null if there is none. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Creates `path` with `content` if it does not exist, atomically and whole. */
function createExclusive(path: string, content: string): boolean {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temp, content, { flag: "wx" });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function holderPid(content: string): number {
  return Number.parseInt(content, 10);
}

function pause(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes the lock `stale` (a dead holder's) if this process is the one allowed to: the first to
 * create its takeover marker. Returns without doing anything otherwise (the caller looks again).
 */
function removeStaleLock(dir: string, lockPath: string, stale: string) {
  const generation = createHash("sha256").update(stale).digest("hex").slice(0, 16);
  const marker = join(dir, `${LOCK_FILE}.takeover-${generation}`);
  if (!createExclusive(marker, `${process.pid}\n`)) {
    const taker = holderPid(readOrNull(marker) ?? "");
    // Its taker died in the microseconds between marker and removal: only a person can tell it is safe.
    if (Number.isFinite(taker) && !isAlive(taker)) {
      throw new Error(
        `The embedded database in ${dir} has a stale lock whose takeover was interrupted. Make sure no other process uses it, then delete ${lockPath} and ${marker}.`,
      );
    }
    pause(5);
    return;
  }
  try {
    if (readOrNull(lockPath) === stale) rmSync(lockPath);
  } finally {
    rmSync(marker, { force: true });
  }
}

/** Takes an exclusive lock file on the PGlite folder; a live holder makes us refuse. Returns the release function. */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  const mine = `${process.pid} ${randomBytes(12).toString("hex")}\n`;
  for (let tries = 0; tries < 100; tries++) {
    if (createExclusive(lockPath, mine)) {
      return () => {
        // Only our own lock: nobody can take over a live holder's, so it cannot change in between.
        if (readOrNull(lockPath) === mine) rmSync(lockPath, { force: true });
      };
    }
    const current = readOrNull(lockPath);
    if (current === null) continue; // released meanwhile
    const holder = holderPid(current);
    if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder))
      throw new DatabaseLockedError(dir, holder);
    removeStaleLock(dir, lockPath, current); // from a process that died (or from this pid's earlier life)
  }
  throw new Error(`Could not lock ${dir}`);
}
