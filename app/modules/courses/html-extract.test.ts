import { describe, expect, it } from "vitest";
import { countWords, decodeEntities, extractFromHtml } from "./html-extract";

describe("extractFromHtml", () => {
  const html =
    '<p>Intro &amp; mer.</p><h2 id="forsta"><a class="heading-anchor" href="#forsta">Första &quot;rubriken&quot;</a></h2>' +
    '<p>Text om <dfn class="term" tabindex="0" aria-describedby="t"><span>ångerrätt</span><span role="tooltip" id="t" data-skip-text="">definition som inte räknas</span></dfn> här.</p>' +
    '<h3 id="under">Under</h3><ul><li>Ett</li><li>Två<br/>rader</li></ul>' +
    '<p>Källa <cite data-skip-words="">(<a href="https://x">SFS 2005:59</a>)</cite>.</p><img src="/x.png" alt="En bild"/>' +
    '<section aria-labelledby="lesson-keypoints"><h2 id="lesson-keypoints">Det viktigaste</h2><ul><li>Punkt</li></ul></section>';
  const result = extractFromHtml(html);

  it("builds the table of contents from h2 and h3 with ids", () => {
    expect(result.toc).toEqual([
      { id: "forsta", text: 'Första "rubriken"', level: 2 },
      { id: "under", text: "Under", level: 3 },
      { id: "lesson-keypoints", text: "Det viktigaste", level: 2 },
    ]);
  });

  it("splits the text into sections under their headings, without skipped text", () => {
    expect(result.sections.map((s) => [s.anchor, s.heading])).toEqual([
      [null, null],
      ["forsta", 'Första "rubriken"'],
      ["under", "Under"],
      ["lesson-keypoints", "Det viktigaste"],
    ]);
    expect(result.sections[0]!.text).toBe("Intro & mer.");
    expect(result.sections[1]!.text).toBe("Text om ångerrätt här.");
    expect(result.sections[2]!.text).toContain("Två\nrader");
    expect(result.sections[2]!.text).toContain("Källa (SFS 2005:59).");
    expect(result.text).not.toContain("definition som inte räknas");
  });

  it("lists every id and counts words of prose only (citations and alt text excluded, both still searchable)", () => {
    expect(result.ids).toEqual(["forsta", "t", "under", "lesson-keypoints"]);
    expect(result.text).toContain("En bild");
    expect(result.wordCount).toBe(countWords(result.text) - countWords("SFS 2005:59") - countWords("En bild"));
  });
});

describe("countWords and decodeEntities", () => {
  it("counts words with Swedish letters, numbers and joined forms as one", () => {
    expect(countWords("Ångerrätten gäller i 14 dagar – e-post räknas, SFS 2005:59.")).toBe(9);
  });
  it("decodes named and numeric entities", () => {
    expect(decodeEntities("&lt;a&gt; &#x27;x&#39; &#229; &nbsp;")).toBe("<a> 'x' å \u00a0");
  });
});
