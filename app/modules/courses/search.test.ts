import { describe, expect, it } from "vitest";
import { fold, makeSnippet, SearchIndex, tokenize, type SearchDocument } from "./search";

const doc = (lessonSlug: string, heading: string | null, text: string, lessonNumber = 1): SearchDocument => ({
  courseSlug: "kurs",
  courseTitle: "Kurs",
  lessonSlug,
  lessonTitle: `Lektion ${lessonSlug}`,
  lessonNumber,
  language: "sv",
  anchor: heading ? heading.toLowerCase() : null,
  heading,
  text,
});

describe("fold and tokenize", () => {
  it("lowercases and drops diacritics one character for one", () => {
    expect(fold("Ångerrätt ÖVER")).toBe("angerratt over");
    expect(fold("Ångerrätt").length).toBe("Ångerrätt".length);
    expect(tokenize("Ångerrätten (14 dagar), e-post!")).toEqual(["angerratten", "14", "dagar", "e", "post"]);
  });
});

describe("SearchIndex", () => {
  const index = new SearchIndex([
    doc("a", "Ångerrätt", "Konsumenten har ångerrätt i 14 dagar. Ångerrätten börjar när varan levereras.", 1),
    doc("b", "Information", "Informationen ska ges före avtalet. Nämn ångerrättsfristen.", 2),
    doc("c", "NIX", "Ring inte nummer som är spärrade hos NIX.", 3),
    doc("d", null, "Inget här om ämnet.", 4),
  ]);

  it("ranks the section about the word first and also finds longer words it begins", () => {
    const results = index.search("ångerrätt");
    expect(results.map((r) => r.document.lessonSlug)).toEqual(["a", "b"]);
  });

  it("matches without diacritics, as typed on a phone", () => {
    expect(index.search("angerratt").map((r) => r.document.lessonSlug)).toEqual(["a", "b"]);
  });

  it("puts sections with every query word first", () => {
    expect(index.search("nix nummer").map((r) => r.document.lessonSlug)[0]).toBe("c");
    expect(index.search("ångerrätt information").map((r) => r.document.lessonSlug)[0]).toBe("b");
  });

  it("returns nothing for an empty or one-letter query", () => {
    expect(index.search("")).toEqual([]);
    expect(index.search("a")).toEqual([]);
  });

  it("caps results per lesson", () => {
    const many = new SearchIndex(Array.from({ length: 5 }, (_, i) => doc("same", `H${i}`, "ångerrätt")));
    expect(many.search("ångerrätt")).toHaveLength(3);
    expect(many.search("ångerrätt", { maxPerLesson: 5 })).toHaveLength(5);
  });
});

describe("makeSnippet", () => {
  it("marks every hit in a window around the first one, cut at word boundaries", () => {
    const text = `${"Lång inledning utan träff. ".repeat(20)}Här är ångerrätten och igen Ångerrätt. ${"Slut. ".repeat(40)}`;
    const parts = makeSnippet(text, ["angerratt"], 120);
    expect(parts[0]).toEqual({ text: "… ", hit: false });
    expect(parts.at(-1)).toEqual({ text: " …", hit: false });
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["ångerrätten", "Ångerrätt"]);
    const joined = parts.map((p) => p.text).join("");
    expect(joined.length).toBeLessThanOrEqual(126);
    expect(joined).not.toMatch(/ \S{1,3}…$/);
  });

  it("returns the start of the text when nothing matches", () => {
    expect(makeSnippet("Kort text.", ["x"])).toEqual([{ text: "Kort text.", hit: false }]);
  });
});
