// Intl formatters are costly to build (each resolves its locale's ICU data) and never change once
// built, so a page that formats in a loop (catalogue cards, table cells, prices) builds each one
// once per process. Locales and options come from our own small sets (three languages, a few
// styles and currencies); the bound only guards against a caller that passes something unbounded.
type Formatter = Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat;

const built = new Map<string, Formatter>();
const MAX_FORMATTERS = 500;

// The key: kind, locale and the options, written out by JSON.stringify; a caller that formats
// hundreds of values per page (date-time.ts) names its options instead, since writing them out
// costs about as much as formatting one value. A name must stand for exactly one set of options
// and cannot collide with a written-out one (those start with "{").
function cached<T extends Formatter>(kind: string, locale: string, optionsKey: string, build: () => T): T {
  const key = `${kind}|${locale}|${optionsKey}`;
  let formatter = built.get(key);
  if (!formatter) {
    if (built.size >= MAX_FORMATTERS) built.clear();
    formatter = build();
    built.set(key, formatter);
  }
  return formatter as T;
}

export const dateTimeFormat = (
  locale: string,
  options: Intl.DateTimeFormatOptions,
  optionsKey: string = JSON.stringify(options),
) => cached("date", locale, optionsKey, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached("number", locale, JSON.stringify(options), () => new Intl.NumberFormat(locale, options));

export const listFormat = (locale: string, options: Intl.ListFormatOptions = { type: "conjunction" }) =>
  cached("list", locale, JSON.stringify(options), () => new Intl.ListFormat(locale, options));
