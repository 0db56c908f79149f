// Reads a rendered lesson's static HTML (React's renderToStaticMarkup output: well-formed, every
// attribute quoted and escaped) and extracts what the reader and search need: the table of
// contents (h2/h3), the text per heading section, every element id and the word count.

export type TocEntry = { id: string; text: string; level: 2 | 3 };
export type LessonSection = { anchor: string | null; heading: string | null; text: string };
/** `wordCount` counts the prose: elements marked data-skip-words (citations) and images' alt text
 * (it restates the picture for those who cannot see it) are searchable but not counted. */
export type ExtractedLesson = {
  toc: TocEntry[];
  sections: LessonSection[];
  text: string;
  ids: string[];
  wordCount: number;
};

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const BLOCK = new Set([
  "p",
  "li",
  "ul",
  "ol",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "div",
  "section",
  "figure",
  "figcaption",
  "details",
  "summary",
  "table",
  "tr",
  "td",
  "th",
  "blockquote",
  "pre",
  "dl",
  "dt",
  "dd",
]);

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes);
  return match ? decodeEntities(match[1]!) : null;
}

const tidy = (s: string) =>
  s
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n[\s]*/g, "\n")
    .trim();

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:[-'’:.,][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

export function extractFromHtml(html: string): ExtractedLesson {
  const toc: TocEntry[] = [];
  const ids: string[] = [];
  const sections: LessonSection[] = [{ anchor: null, heading: null, text: "" }];
  const stack: Array<{ name: string; skip: boolean; skipWords: boolean }> = [];
  let skipDepth = 0; // >0 while inside an element marked data-skip-text
  let skipWordsDepth = 0; // >0 while inside an element marked data-skip-words
  let prose = "";
  let heading: { id: string; level: 2 | 3; text: string } | null = null;
  let all = "";

  const append = (s: string, countWords = true) => {
    all += s;
    if (!skipWordsDepth && countWords) prose += s;
    if (heading) heading.text += s;
    else sections[sections.length - 1]!.text += s;
  };

  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [, closing, rawName, attributes = "", selfClosing, text] = m;
    if (text !== undefined) {
      if (!skipDepth) append(decodeEntities(text));
      continue;
    }
    if (!rawName) continue; // comment
    const name = rawName.toLowerCase();
    if (closing) {
      // Pop to the matching open tag (tolerates stray closes).
      const index = stack.map((e) => e.name).lastIndexOf(name);
      if (index === -1) continue;
      for (const popped of stack.splice(index)) {
        if (popped.skip) skipDepth--;
        if (popped.skipWords) skipWordsDepth--;
      }
      if (heading && (name === "h2" || name === "h3")) {
        const text = tidy(heading.text);
        toc.push({ id: heading.id, text, level: heading.level });
        sections.push({ anchor: heading.id, heading: text, text: "" });
        heading = null;
        continue;
      }
      if (!skipDepth && BLOCK.has(name)) append("\n");
      continue;
    }
    const id = attribute(attributes, "id");
    if (id) ids.push(id);
    if (VOID.has(name) || selfClosing) {
      if (!skipDepth && name === "br") append("\n");
      if (!skipDepth && name === "img") append(` ${attribute(attributes, "alt") ?? ""} `, false);
      continue;
    }
    const skip = /(?:^|\s)data-skip-text(?:=|\s|$)/.test(attributes);
    const skipWords = /(?:^|\s)data-skip-words(?:=|\s|$)/.test(attributes);
    stack.push({ name, skip, skipWords });
    if (skip) skipDepth++;
    if (skipWords) skipWordsDepth++;
    if ((name === "h2" || name === "h3") && id && !skipDepth) {
      if (!heading) append("\n");
      heading = { id, level: name === "h2" ? 2 : 3, text: "" };
    } else if (!skipDepth && BLOCK.has(name)) append("\n");
  }

  const cleaned = sections.map((s) => ({ ...s, text: tidy(s.text) })).filter((s, i) => i > 0 || s.text);
  const text = tidy(all);
  return { toc, sections: cleaned, text, ids, wordCount: countWords(prose) };
}
