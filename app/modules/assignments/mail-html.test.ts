import { describe, expect, it } from "vitest";
import { textToHtml } from "./mail-html";

describe("textToHtml", () => {
  it("keeps paragraphs and lines, links addresses and escapes the rest", () => {
    const html = textToHtml(
      'Hej <Anna> & "Bo",\n\nGå kursen:\nhttps://example.test/courses/a?x=1&y=2\n\nHälsningar',
      "sv",
    );
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain("<p>Hej &lt;Anna&gt; &amp; &quot;Bo&quot;,</p>");
    expect(html).toContain(
      '<p>Gå kursen:<br>\n<a href="https://example.test/courses/a?x=1&amp;y=2">https://example.test/courses/a?x=1&amp;y=2</a></p>',
    );
    expect(html).not.toContain("<Anna>");
  });
});
