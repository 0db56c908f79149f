// Facts about one thing (a certificate, a credential, a company) as a definition list: label and
// value side by side from `sm`, stacked on a phone. Entries that are false/null are left out, so
// a page lists its conditional facts inline.
import type { ReactNode } from "react";

export type Fact = { label: ReactNode; value: ReactNode; valueClassName?: string; key?: string };

export function FactList({
  facts,
  className = "mt-4",
  "data-testid": testId,
}: {
  facts: ReadonlyArray<Fact | false | null | undefined>;
  className?: string;
  "data-testid"?: string;
}) {
  return (
    <dl className={`grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] ${className}`} data-testid={testId}>
      {facts
        .filter((f): f is Fact => Boolean(f))
        .map((f, i) => (
          <div key={f.key ?? i} className="contents">
            <dt className="font-semibold">{f.label}</dt>
            <dd className={f.valueClassName}>{f.value}</dd>
          </div>
        ))}
    </dl>
  );
}
