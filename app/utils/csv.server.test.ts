// The CSV writer: quoting per RFC 4180, formula neutralising, and the streamed download.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, csvResponse } from "./csv.server";

describe("csvCell", () => {
  it("quotes cells with the delimiter, quotes or line breaks", () => {
    expect(csvCell("Andersson, Anna")).toBe('"Andersson, Anna"');
    expect(csvCell('Säg "hej"')).toBe('"Säg ""hej"""');
    expect(csvCell("rad 1\nrad 2")).toBe('"rad 1\nrad 2"');
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(csvCell("a;b", ",")).toBe("a;b");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
  });

  it("neutralises spreadsheet formulas (CSV injection)", () => {
    for (const evil of ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]) {
      expect(csvCell(evil).replace(/^"/, "").startsWith("'")).toBe(true);
    }
  });

  it("round-trips through a CSV reader for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(",", ";"), (text, delimiter) => {
        const cell = csvCell(text, delimiter);
        // Read it back the RFC 4180 way.
        const read = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
        const expected = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
        expect(read).toBe(expected);
        if (!cell.startsWith('"')) expect(cell.includes(delimiter)).toBe(false);
      }),
    );
  });
});

describe("csvLine and csvResponse", () => {
  it("join cells with the delimiter, end lines with CRLF and stream every line", async () => {
    async function* lines() {
      yield CSV_BOM + csvLine(["namn", "e-post"], ";");
      yield csvLine(["Åsa Öberg", "=1+1", null], ";");
    }
    const response = csvResponse(lines(), "team.csv");
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="team.csv"');
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(
      "\uFEFFnamn;e-post\r\nÅsa Öberg;'=1+1;\r\n",
    );
  });
});
