// Maps JSON paths (as zod reports them: ["quiz", "draw", 2, "topic"]) back to line numbers in the
// JSON text, so content:check can print `file:line: message` for course.json, questions.json and
// sources.json. A small position-tracking JSON parser; JSON.parse stays the judge of validity.

export type JsonPath = ReadonlyArray<string | number>;
export type JsonPosition = { line: number; column: number };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

export type JsonLineMap = {
  /** Parsed value (identical to JSON.parse). */
  value: unknown;
  /** Line of the value at `path`, or of its nearest existing ancestor (1 for the root). */
  lineOf: (path: JsonPath) => number;
  /** Line of the key `key` inside the object at `path` (for "unrecognised key" messages). */
  lineOfKey: (path: JsonPath, key: string) => number;
};

const pathKey = (path: JsonPath) => JSON.stringify(path);

/** Parses JSON text and records where every value and key starts. Throws JsonSyntaxError with a line. */
export function parseJsonWithLines(text: string): JsonLineMap {
  const values = new Map<string, JsonPosition>();
  const keys = new Map<string, JsonPosition>();
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const position = (): JsonPosition => ({ line, column: i - lineStart + 1 });
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const skipWhitespace = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === "\n") {
        line++;
        i++;
        lineStart = i;
      } else if (c === " " || c === "\t" || c === "\r" || c === "\uFEFF") i++;
      else break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text[i] === "\n") fail("unterminated string");
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("invalid string escape");
    }
  };
  const parseValue = (path: JsonPath): unknown => {
    skipWhitespace();
    values.set(pathKey(path), position());
    const c = text[i];
    if (c === "{") {
      i++;
      const object: Record<string, unknown> = {};
      skipWhitespace();
      if (text[i] === "}") {
        i++;
        return object;
      }
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(text[i])}`);
        const keyPosition = position();
        const key = readString();
        keys.set(pathKey([...path, key]), keyPosition);
        skipWhitespace();
        if (text[i] !== ":") fail(`expected ":" after property name "${key}"`);
        i++;
        object[key] = parseValue([...path, key]);
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return object;
        }
        fail(`expected "," or "}" after property "${key}", found ${describe(text[i])}`);
      }
    }
    if (c === "[") {
      i++;
      const array: unknown[] = [];
      skipWhitespace();
      if (text[i] === "]") {
        i++;
        return array;
      }
      for (;;) {
        array.push(parseValue([...path, array.length]));
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return array;
        }
        fail(`expected "," or "]" in a list, found ${describe(text[i])}`);
      }
    }
    if (c === '"') return readString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) return fail(`unexpected ${describe(c)}`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };

  const value = parseValue([]);
  skipWhitespace();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);

  const lineOf = (path: JsonPath): number => {
    for (let n = path.length; n >= 0; n--) {
      const found = values.get(pathKey(path.slice(0, n)));
      if (found) return found.line;
    }
    return 1;
  };
  const lineOfKey = (path: JsonPath, key: string): number => keys.get(pathKey([...path, key]))?.line ?? lineOf(path);
  return { value, lineOf, lineOfKey };
}

function describe(c: string | undefined): string {
  return c === undefined ? "the end of the file" : JSON.stringify(c);
}

/** The line of the first (or last) `"key": "value"` (for messages that name an id, not a path). */
export function lineOfStringProperty(
  text: string,
  key: string,
  value: string,
  which: "first" | "last" = "first",
): number | undefined {
  const needle = new RegExp(`"${escapeRegExp(key)}"\\s*:\\s*${escapeRegExp(JSON.stringify(value))}`, "g");
  const matches = [...text.matchAll(needle)];
  const match = which === "first" ? matches[0] : matches.at(-1);
  if (!match) return undefined;
  return text.slice(0, match.index).split("\n").length;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
