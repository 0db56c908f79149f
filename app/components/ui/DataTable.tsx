// The one data table of the app. Columns are data (header + how to render a row's cell), so a page
// says what it shows, not how a table is built. Two phone layouts (WCAG 1.4.10, no sideways
// scrolling of the page at 320 px):
// - "cards" (lists of people, certificates, orders…): below `sm` each row becomes a card and each
//   cell shows its column header as a label; screen readers still get a real table.
// - "scroll" (wide reference tables whose columns must be compared): the table scrolls inside a
//   focusable region named by the caption, with shadows at the edge that has more to see.
import { useId, type ReactNode } from "react";

export type Column<Row> = {
  /** Unique within the table (React key). */
  key: string;
  header: ReactNode;
  /** Header for screen readers only (a column of buttons); no label on a card either. */
  headerHidden?: boolean;
  /** The label on a card when the header is not what should be shown there. */
  cardLabel?: ReactNode;
  /** This cell names the row (`<th scope="row">`), shown as the card's title. */
  rowHeader?: boolean;
  /** Numbers: aligned to the end, tabular figures. */
  numeric?: boolean;
  className?: string;
  cell: (row: Row, index: number) => ReactNode;
};

type DataTableProps<Row> = {
  /** Names the table (and the scroll region); read by screen readers, shown when captionVisible. */
  caption: string;
  captionVisible?: boolean;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  /** `data-*` attributes of a row (for tests and scripts that read the table). */
  rowData?: (row: Row) => Record<`data-${string}`, string | number>;
  layout?: "cards" | "scroll";
  /** Shown instead of the table when there are no rows (omit to render an empty table). */
  empty?: ReactNode;
  className?: string;
  "data-testid"?: string;
};

export function DataTable<Row>({
  caption,
  captionVisible = false,
  columns,
  rows,
  rowKey,
  rowData,
  layout = "cards",
  empty,
  className = "mt-4",
  ...rest
}: DataTableProps<Row>) {
  const captionId = useId();
  if (rows.length === 0 && empty !== undefined) return <p className={className}>{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  const cards = layout === "cards";
  const table = (
    <table className={cards ? `table max-sm:block ${className}` : "table"} data-testid={rest["data-testid"]}>
      <caption id={captionId} className={captionVisible ? "mb-2 text-left font-semibold" : "sr-only"}>
        {caption}
      </caption>
      <thead className={cards ? "max-sm:sr-only" : undefined}>
        <tr>
          {shown.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? "text-right" : undefined}>
              {c.headerHidden ? <span className="sr-only">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={cards ? "max-sm:block max-sm:space-y-3" : undefined}>
        {rows.map((row, i) => (
          <tr
            key={rowKey(row, i)}
            {...rowData?.(row)}
            className={
              cards ? "max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-slate-300 max-sm:p-3" : undefined
            }
          >
            {shown.map((c) => {
              const cellClass = [
                c.numeric ? "text-right tabular-nums" : "",
                cards ? "max-sm:block max-sm:border-0 max-sm:p-0 max-sm:py-1 max-sm:text-left" : "",
                c.className ?? "",
              ].join(" ");
              const label =
                cards && !c.rowHeader && !c.headerHidden ? (
                  <span aria-hidden="true" className="block text-sm font-semibold text-slate-700 sm:hidden">
                    {c.cardLabel ?? c.header}
                  </span>
                ) : null;
              return c.rowHeader ? (
                <th
                  key={c.key}
                  scope="row"
                  className={`border-b border-slate-200 px-3 py-2 text-left align-top font-normal ${cellClass}`}
                >
                  {c.cell(row, i)}
                </th>
              ) : (
                <td key={c.key} className={cellClass}>
                  {label}
                  {c.cell(row, i)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (cards) return table;
  return (
    <div role="region" aria-labelledby={captionId} tabIndex={0} className={`scroll-cue overflow-x-auto ${className}`}>
      {table}
    </div>
  );
}
