import { describe, expect, it } from "vitest";
import { dateTimeFormat, listFormat, numberFormat } from "./intl-formatters";

describe("intl-formatters", () => {
  it("builds one formatter per kind, locale and options, and formats as a new one would", () => {
    const money = { style: "currency", currency: "SEK" } as const;
    expect(numberFormat("sv-SE", money)).toBe(numberFormat("sv-SE", { ...money }));
    expect(numberFormat("sv-SE", money)).not.toBe(numberFormat("fi-FI", money));
    expect(numberFormat("sv-SE", money)).not.toBe(numberFormat("sv-SE", { style: "currency", currency: "EUR" }));
    expect(numberFormat("sv-SE", money).format(1250)).toBe(new Intl.NumberFormat("sv-SE", money).format(1250));

    const day = { dateStyle: "long", timeZone: "UTC" } as const;
    expect(dateTimeFormat("sv-SE", day)).toBe(dateTimeFormat("sv-SE", day));
    expect(dateTimeFormat("sv-SE", day).format(new Date(Date.UTC(2026, 11, 24)))).toBe("24 december 2026");
    // Options named by the caller: one formatter per name, apart from the written-out ones.
    expect(dateTimeFormat("sv-SE", day, "day|UTC")).toBe(dateTimeFormat("sv-SE", day, "day|UTC"));
    expect(dateTimeFormat("sv-SE", day, "day|UTC")).not.toBe(dateTimeFormat("sv-SE", day));
    expect(dateTimeFormat("sv-SE", day, "day|UTC").format(new Date(Date.UTC(2026, 11, 24)))).toBe("24 december 2026");

    expect(listFormat("sv")).toBe(listFormat("sv", { type: "conjunction" }));
    expect(listFormat("sv").format(["engelska", "finska"])).toBe("engelska och finska");
    expect(listFormat("sv", { type: "disjunction" }).format(["engelska", "finska"])).toBe("engelska eller finska");
  });
});
