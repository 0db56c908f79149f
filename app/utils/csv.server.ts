// The one CSV writer of the app (team export, order exports): RFC 4180 cells with spreadsheet
// formulas neutralised, CRLF lines, a UTF-8 BOM first (so spreadsheet programs read å, ä, ö
// right), streamed to the browser line by line as the generator yields them.

/** Written before the header so that Excel reads the file as UTF-8. */
export const CSV_BOM = "\uFEFF";

export type CsvDelimiter = "," | ";";

/** Neutralises spreadsheet formulas (=, +, -, @, tab, CR at the start) and quotes when needed. */
export function csvCell(value: string | number | null | undefined, delimiter: CsvDelimiter = ","): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (s.includes(delimiter) || /["\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(
  cells: ReadonlyArray<string | number | null | undefined>,
  delimiter: CsvDelimiter = ",",
): string {
  return `${cells.map((c) => csvCell(c, delimiter)).join(delimiter)}\r\n`;
}

/** A download of the lines, pulled from the generator as the client reads (any number of rows). */
export function csvResponse(lines: AsyncGenerator<string>, filename: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
