// Full-text search over lesson sections (the text under each h2/h3), in memory: the corpus is a
// few hundred sections. BM25 ranking; a query word also matches longer words it begins
// (Swedish compounds and endings: "ångerrätt" finds "ångerrätten", "ångerrättsfristen"); letters
// are compared without diacritics so "angerratt" typed on a phone still finds "ångerrätt".

export type SearchDocument = {
  courseSlug: string;
  courseTitle: string;
  lessonSlug: string;
  lessonTitle: string;
  lessonNumber: number;
  /** The language the text is in (a Swedish fallback is marked in the results). */
  language: string;
  anchor: string | null;
  heading: string | null;
  text: string;
};

export type SnippetPart = { text: string; hit: boolean };
export type SearchResult = {
  document: SearchDocument;
  score: number;
  snippet: SnippetPart[];
};

type Indexed = { document: SearchDocument; terms: Map<string, number>; length: number; titleTerms: Set<string> };

/** Lower case without diacritics, one character for one character (so offsets stay valid). */
export function fold(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ([...ch.normalize("NFD")][0] ?? ch).toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

const K1 = 1.2;
const B = 0.75;
const PREFIX_WEIGHT = 0.6;
const HEADING_BOOST = 1.5;

export class SearchIndex {
  private readonly docs: Indexed[];
  private readonly vocabulary: string[];
  private readonly averageLength: number;

  constructor(documents: SearchDocument[]) {
    this.docs = documents.map((document) => {
      const terms = new Map<string, number>();
      const words = tokenize(`${document.heading ?? ""} ${document.text}`);
      for (const word of words) terms.set(word, (terms.get(word) ?? 0) + 1);
      return {
        document,
        terms,
        length: words.length,
        titleTerms: new Set(tokenize(`${document.lessonTitle} ${document.heading ?? ""}`)),
      };
    });
    this.vocabulary = [...new Set(this.docs.flatMap((d) => [...d.terms.keys()]))].sort();
    this.averageLength = this.docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, this.docs.length);
  }

  get size() {
    return this.docs.length;
  }

  /** Vocabulary words a query word matches, with their weight (exact 1, longer word it begins 0.6). */
  private expand(term: string): Map<string, number> {
    const matches = new Map<string, number>();
    if (term.length < 3) {
      if (this.vocabulary.includes(term)) matches.set(term, 1);
      return matches;
    }
    // Binary search to the first word >= term; prefix matches are contiguous in sorted order.
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.vocabulary.length && this.vocabulary[i]!.startsWith(term); i++) {
      const word = this.vocabulary[i]!;
      matches.set(word, word === term ? 1 : PREFIX_WEIGHT);
    }
    return matches;
  }

  search(query: string, options: { maxPerLesson?: number } = {}): SearchResult[] {
    const queryTerms = [...new Set(tokenize(query))].filter((t) => t.length >= 2);
    if (!queryTerms.length) return [];
    const expansions = queryTerms.map((t) => this.expand(t));
    const n = this.docs.length;
    const idfs = expansions.map((expansion) => {
      const df = this.docs.filter((d) => [...expansion.keys()].some((w) => d.terms.has(w))).length;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    const scored: Array<{ doc: Indexed; score: number }> = [];
    for (const doc of this.docs) {
      let score = 0;
      let matched = 0;
      expansions.forEach((expansion, index) => {
        let tf = 0;
        let inTitle = false;
        for (const [word, weight] of expansion) {
          const count = doc.terms.get(word);
          if (count) tf += count * weight;
          if (doc.titleTerms.has(word)) inTitle = true;
        }
        if (!tf) return;
        matched++;
        const idf = idfs[index]!;
        const norm = tf + K1 * (1 - B + (B * doc.length) / this.averageLength);
        score += idf * ((tf * (K1 + 1)) / norm) * (inTitle ? HEADING_BOOST : 1);
      });
      if (!matched) continue;
      // Sections with every query word come first.
      score *= (matched / queryTerms.length) ** 2;
      scored.push({ doc, score });
    }
    scored.sort((a, b) => b.score - a.score || a.doc.document.lessonNumber - b.doc.document.lessonNumber);
    const perLesson = new Map<string, number>();
    const maxPerLesson = options.maxPerLesson ?? 3;
    const results: SearchResult[] = [];
    for (const { doc, score } of scored) {
      const key = `${doc.document.courseSlug}/${doc.document.lessonSlug}`;
      const seen = perLesson.get(key) ?? 0;
      if (seen >= maxPerLesson) continue;
      perLesson.set(key, seen + 1);
      results.push({
        document: doc.document,
        score,
        snippet: makeSnippet(doc.document.text || doc.document.heading || "", queryTerms),
      });
    }
    return results;
  }
}

/** About `length` characters of `text` around the first hit, with every hit marked. */
export function makeSnippet(text: string, queryTerms: string[], length = 220): SnippetPart[] {
  const folded = fold(text);
  const hits: Array<[number, number]> = [];
  for (const match of folded.matchAll(WORD)) {
    const word = match[0];
    const term = queryTerms.find((t) => word === t || (t.length >= 3 && word.startsWith(t)));
    if (term) hits.push([match.index, match.index + word.length]);
  }
  const first = hits[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  let end = Math.min(text.length, start + length);
  start = Math.max(0, Math.min(start, end - length));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const parts: SnippetPart[] = [];
  const push = (s: string, hit: boolean) => {
    if (s) parts.push({ text: s.replace(/\s+/g, " "), hit });
  };
  if (start > 0) push("… ", false);
  let cursor = start;
  for (const [from, to] of hits) {
    if (to <= start || from >= end) continue;
    push(text.slice(cursor, Math.max(cursor, from)), false);
    push(text.slice(Math.max(cursor, from), Math.min(to, end)), true);
    cursor = Math.min(to, end);
  }
  push(text.slice(cursor, end), false);
  if (end < text.length) push(" …", false);
  return parts;
}
