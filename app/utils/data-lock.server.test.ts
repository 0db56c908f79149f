// The embedded database's folder lock under a race: many processes starting at the same moment
// after a crash (a stale lock whose holder is dead) must end with exactly one holder, every time.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, LOCK_FILE, lockDataFolder } from "./data-lock.server";

const RACERS = 20;
const ROUNDS = 30;

type Outcome = { pid: number; round: number; won: boolean; message?: string };

// Each racer takes the lock of the round's folder when told, at the same instant (a start time it
// spins for), reports whether it won, and keeps a won lock until the test ends (a live holder).
const racer = `
const { lockDataFolder } = await import(${JSON.stringify(resolve("app/utils/data-lock.server.ts"))});
process.on("message", ({ round, dir, at }) => {
  while (Date.now() < at) {}
  try {
    lockDataFolder(dir);
    process.send({ pid: process.pid, round, won: true });
  } catch (error) {
    process.send({ pid: process.pid, round, won: false, message: error.message });
  }
});
process.send("ready");
`;

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid!;
}

describe("embedded database lock", () => {
  let root: string;
  let racers: ChildProcess[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "ka-lock-race-"));
    racers = Array.from({ length: RACERS }, () =>
      spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", racer], {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      }),
    );
    await Promise.all(racers.map((child) => new Promise((ready) => child.once("message", ready))));
  }, 120_000);

  afterAll(() => {
    for (const child of racers) child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  it(`gives a stale lock to exactly one of ${RACERS} processes racing for it, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = join(root, `round-${round}`);
      const pid = deadPid();
      lockDataFolder(dir)(); // creates the folder
      // A crashed holder's lock: the new format (pid and id) and the old one (pid only) alternately.
      writeFileSync(join(dir, LOCK_FILE), round % 2 ? `${pid} 0123456789abcdef\n` : String(pid));
      const outcomes = new Promise<Outcome[]>((done) => {
        const got: Outcome[] = [];
        for (const child of racers) {
          child.once("message", (outcome: Outcome) => {
            got.push(outcome);
            if (got.length === RACERS) done(got);
          });
        }
      });
      const at = Date.now() + 40;
      for (const child of racers) child.send({ round, dir, at });
      const results = await outcomes;
      const winners = results.filter((r) => r.won);
      expect(
        winners.map((w) => w.pid),
        `round ${round}`,
      ).toHaveLength(1);
      expect(readFileSync(join(dir, LOCK_FILE), "utf8").split(" ")[0]).toBe(String(winners[0]!.pid));
      for (const loser of results.filter((r) => !r.won))
        expect(loser.message).toContain(`is in use by another process (pid ${winners[0]!.pid})`);
    }
  }, 120_000);

  it("refuses while a live process holds it, naming the holder, and is free again after release", () => {
    const dir = join(root, "live");
    mkdirSync(dir);
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid} abc\n`);
      expect(() => lockDataFolder(dir)).toThrow(DatabaseLockedError);
      expect(() => lockDataFolder(dir)).toThrow(`in use by another process (pid ${holder.pid})`);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("releases only its own lock", () => {
    const dir = join(root, "own");
    const release = lockDataFolder(dir);
    const theirs = `${process.ppid} someone-else\n`;
    writeFileSync(join(dir, LOCK_FILE), theirs); // (as if taken over meanwhile)
    release();
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(theirs);
  });
});
