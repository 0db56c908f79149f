// Lesson MDX → JavaScript with mdx-bundler (remark-gfm, rehype-slug, heading anchors), compiled
// ONCE per content hash: results are kept in memory and on disk (DATA_DIR/cache/mdx), and a queue
// makes esbuild run one compile at a time (it is memory-hungry). A changed file has a new hash, so
// only its own entry is recompiled. Nothing here runs per request once a lesson is warm.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { remarkLessonLint, type LintProblem, type LintResult } from "./mdx-lint";

/** Bump when the plugin set or its options change: every cached compile is then stale. */
const PIPELINE_VERSION = "lesson-mdx-3";

export type CompiledLesson = {
  ok: true;
  key: string;
  code: string;
  frontmatter: Record<string, unknown>;
  lint: LintResult;
};
/** `facts` are present when the file parsed (so content:check can still check its links and sources). */
export type FailedCompile = { ok: false; key: string; problems: LintProblem[]; facts?: LintResult["facts"] };
export type CompileOutcome = CompiledLesson | FailedCompile;

type CompilerOptions = {
  /** This process's disk cache: read, and written after a compile. */
  cacheDir?: string | null;
  /** The lessons the build compiled (its PREBUILT_DIR): read only. Keys are content hashes. */
  prebuiltCacheDir?: string | null;
};

const stats = { compiles: 0, memoryHits: 0, diskHits: 0 };
/** Counters for tests and benchmarks: `compiles` counts real esbuild runs. */
export function getCompileStats() {
  return { ...stats };
}

export function compileKey(source: string): string {
  return createHash("sha256").update(PIPELINE_VERSION).update("\0").update(source).digest("hex");
}

const memory = new Map<string, Promise<CompileOutcome>>();
let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every earlier queued task: one esbuild compile at a time per process. */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** The compiled lesson for this exact source: from memory, disk, or one queued compile. */
export function compileLesson(source: string, options: CompilerOptions = {}): Promise<CompileOutcome> {
  const key = compileKey(source);
  const cached = memory.get(key);
  if (cached) {
    stats.memoryHits++;
    return cached;
  }
  const pending = (async () => {
    const fromDisk = readDiskCache(options.cacheDir, key) ?? readDiskCache(options.prebuiltCacheDir, key);
    if (fromDisk) {
      stats.diskHits++;
      return fromDisk;
    }
    const outcome = await enqueue(() => compileNow(source, key));
    if (outcome.ok) writeDiskCache(options.cacheDir, outcome);
    return outcome;
  })();
  memory.set(key, pending);
  return pending;
}

/** Drops in-memory entries whose keys are no longer in use (development: after files change). */
export function retainCompiled(keys: Set<string>) {
  for (const key of memory.keys()) if (!keys.has(key)) memory.delete(key);
}

// The compiler (mdx-bundler with esbuild, remark and rehype: ~0.3 s and ~25 MB to load) is loaded
// on the first compile: a start with every lesson in the disk cache never needs it.
const compilerLibraries = async () => {
  const [{ bundleMDX }, { default: rehypeAutolinkHeadings }, { default: rehypeSlug }, { default: remarkGfm }] =
    await Promise.all([
      import("mdx-bundler"),
      import("rehype-autolink-headings"),
      import("rehype-slug"),
      import("remark-gfm"),
    ]);
  return { bundleMDX, rehypeAutolinkHeadings, rehypeSlug, remarkGfm };
};

async function compileNow(source: string, key: string): Promise<CompileOutcome> {
  const { bundleMDX, rehypeAutolinkHeadings, rehypeSlug, remarkGfm } = await compilerLibraries();
  stats.compiles++;
  let lint: LintResult | undefined;
  try {
    const result = await bundleMDX<Record<string, unknown>>({
      source,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkLessonLint((r) => (lint = r))];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          [rehypeAutolinkHeadings, { behavior: "wrap", properties: { className: ["heading-anchor"] } }],
        ];
        options.development = false;
        return options;
      },
      esbuildOptions(options) {
        options.logLevel = "silent";
        options.target = "es2022";
        options.minify = true;
        return options;
      },
    });
    lint ??= { problems: [], facts: { lawRefs: [], links: [], images: [] } };
    const errors = lint.problems.filter((p) => p.severity === "error");
    if (errors.length) return { ok: false, key, problems: sortProblems(lint.problems), facts: lint.facts };
    return { ok: true, key, code: result.code, frontmatter: result.frontmatter, lint };
  } catch (error) {
    // When the vocabulary check failed, esbuild's complaints (e.g. an import it cannot resolve) are
    // consequences of those problems: report the author's mistakes only.
    const lintErrors = lint?.problems.some((p) => p.severity === "error");
    const problems = lintErrors ? lint!.problems : [...(lint?.problems ?? []), ...problemsFromError(error)];
    return { ok: false, key, problems: sortProblems(problems), facts: lint?.facts };
  }
}

const sortProblems = (problems: LintProblem[]) => [...problems].sort((a, b) => a.line - b.line || a.column - b.column);

type EsbuildMessage = {
  text?: string;
  location?: { line?: number; column?: number } | null;
  detail?: {
    line?: number;
    column?: number;
    reason?: string;
    cause?: { line?: number; column?: number; reason?: string };
  };
};

/** esbuild/MDX failures → problems with the line in the .mdx file (front matter included). */
export function problemsFromError(error: unknown): LintProblem[] {
  const messages = (error as { errors?: EsbuildMessage[] })?.errors;
  if (Array.isArray(messages) && messages.length) {
    return messages.map((m) => {
      const cause = m.detail?.cause ?? m.detail;
      const reason =
        cause?.reason ??
        m.text?.replace(/^Cannot process MDX file with esbuild:\s*/, "").replace(/^\d+:\d+(-\d+:\d+)?:\s*/, "") ??
        "cannot compile";
      // Errors at the end of the document carry no place of their own but name the opening tag's.
      const named = /\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
      const line = cause?.line || m.location?.line || (named ? Number(named[1]) : 1);
      const column = cause?.column || (m.location?.line ? (m.location.column ?? 0) + 1 : named ? Number(named[2]) : 1);
      return { line, column, message: `MDX: ${reason}`, severity: "error" as const };
    });
  }
  return [{ line: 1, column: 1, message: `MDX: ${(error as Error)?.message ?? String(error)}`, severity: "error" }];
}

function readDiskCache(cacheDir: string | null | undefined, key: string): CompiledLesson | null {
  if (!cacheDir) return null;
  try {
    const entry = JSON.parse(readFileSync(join(cacheDir, `${key}.json`), "utf8")) as CompiledLesson;
    return entry.ok && entry.key === key && typeof entry.code === "string" ? entry : null;
  } catch {
    return null;
  }
}

function writeDiskCache(cacheDir: string | null | undefined, outcome: CompiledLesson) {
  if (!cacheDir) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const file = join(cacheDir, `${outcome.key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(outcome));
    renameSync(temporary, file); // atomic: a reader never sees half a file
  } catch {
    // A read-only or full disk only costs a recompile next start; never fail the lesson for it.
  }
}
