import { describe, expect, it } from "vitest";
import { currencyFor, unitPriceFor, type CoursePriceRow } from "./pricing";
import { checkVatNumber, computeAmounts, decideVat, type VatInput } from "./vat";

// A table of buyers: who they are → which VAT, which rate, how prices are shown.
const cases: Array<
  [
    string,
    VatInput,
    { treatment: string; rateBp: number; pricesInclVat: boolean; vatNumber: string | null } | { error: string },
  ]
> = [
  [
    "Swedish consumer",
    { buyerCountry: "SE", buyerType: "consumer" },
    { treatment: "domestic", rateBp: 2500, pricesInclVat: true, vatNumber: null },
  ],
  [
    "Swedish company with VAT number: still Swedish VAT",
    { buyerCountry: "SE", buyerType: "business", vatNumber: "SE556036079301" },
    { treatment: "domestic", rateBp: 2500, pricesInclVat: false, vatNumber: "SE556036079301" },
  ],
  [
    "Swedish company without VAT number",
    { buyerCountry: "SE", buyerType: "business" },
    { treatment: "domestic", rateBp: 2500, pricesInclVat: false, vatNumber: null },
  ],
  [
    "Finnish consumer: OSS at 25.5 %",
    { buyerCountry: "FI", buyerType: "consumer" },
    { treatment: "oss", rateBp: 2550, pricesInclVat: true, vatNumber: null },
  ],
  [
    "Finnish consumer: a VAT number typed by a consumer is ignored",
    { buyerCountry: "FI", buyerType: "consumer", vatNumber: "FI15728600" },
    { treatment: "oss", rateBp: 2550, pricesInclVat: true, vatNumber: null },
  ],
  [
    "Finnish company with VAT number: reverse charge",
    { buyerCountry: "FI", buyerType: "business", vatNumber: "FI 1572860-0" },
    { treatment: "reverse_charge", rateBp: 0, pricesInclVat: false, vatNumber: "FI15728600" },
  ],
  [
    "Finnish company, number without prefix",
    { buyerCountry: "FI", buyerType: "business", vatNumber: "15728600" },
    { treatment: "reverse_charge", rateBp: 0, pricesInclVat: false, vatNumber: "FI15728600" },
  ],
  [
    "Finnish company without VAT number: Finnish VAT",
    { buyerCountry: "FI", buyerType: "business", vatNumber: "" },
    { treatment: "oss", rateBp: 2550, pricesInclVat: false, vatNumber: null },
  ],
  [
    "German consumer: 19 %",
    { buyerCountry: "DE", buyerType: "consumer" },
    { treatment: "oss", rateBp: 1900, pricesInclVat: true, vatNumber: null },
  ],
  [
    "German company: reverse charge",
    { buyerCountry: "DE", buyerType: "business", vatNumber: "DE123456789" },
    { treatment: "reverse_charge", rateBp: 0, pricesInclVat: false, vatNumber: "DE123456789" },
  ],
  [
    "Greek company uses EL",
    { buyerCountry: "GR", buyerType: "business", vatNumber: "EL123456789" },
    { treatment: "reverse_charge", rateBp: 0, pricesInclVat: false, vatNumber: "EL123456789" },
  ],
  [
    "Finnish company, wrong check digit",
    { buyerCountry: "FI", buyerType: "business", vatNumber: "FI15728601" },
    { error: "vat_format" },
  ],
  [
    "Finnish company, Swedish number",
    { buyerCountry: "FI", buyerType: "business", vatNumber: "SE556036079301" },
    { error: "vat_country" },
  ],
  [
    "Swedish number without 01",
    { buyerCountry: "SE", buyerType: "business", vatNumber: "SE5560360793" },
    { error: "vat_format" },
  ],
  [
    "Swedish number failing Luhn",
    { buyerCountry: "SE", buyerType: "business", vatNumber: "SE556036079401" },
    { error: "vat_format" },
  ],
  ["Norway is outside the EU", { buyerCountry: "NO", buyerType: "consumer" }, { error: "country_unsupported" }],
];

describe("decideVat", () => {
  it.each(cases)("%s", (_name, input, expected) => {
    const decision = decideVat(input);
    if ("error" in expected) expect(decision).toEqual({ ok: false, error: expected.error });
    else expect(decision).toEqual({ ok: true, ...expected });
  });
});

describe("computeAmounts", () => {
  const table: Array<
    [
      string,
      number,
      number,
      { rateBp: number; pricesInclVat: boolean },
      { net: number; vat: number; total: number; unitShown: number },
    ]
  > = [
    [
      "Swedish consumer, 1 000 kr",
      100_000,
      1,
      { rateBp: 2500, pricesInclVat: true },
      { net: 100_000, vat: 25_000, total: 125_000, unitShown: 125_000 },
    ],
    [
      "Swedish company, 5 seats at 800 kr",
      80_000,
      5,
      { rateBp: 2500, pricesInclVat: false },
      { net: 400_000, vat: 100_000, total: 500_000, unitShown: 80_000 },
    ],
    [
      "Finnish consumer, 99 €",
      9_900,
      1,
      { rateBp: 2550, pricesInclVat: true },
      { net: 9_900, vat: 2_525, total: 12_425, unitShown: 12_425 },
    ],
    [
      "Finnish company, reverse charge",
      9_900,
      3,
      { rateBp: 0, pricesInclVat: false },
      { net: 29_700, vat: 0, total: 29_700, unitShown: 9_900 },
    ],
    [
      "rounding half up on the line total",
      333,
      3,
      { rateBp: 2550, pricesInclVat: false },
      { net: 999, vat: 255, total: 1_254, unitShown: 333 },
    ],
  ];
  it.each(table)("%s", (_name, unitNet, quantity, vat, expected) => {
    expect(computeAmounts(unitNet, quantity, vat)).toMatchObject(expected);
  });
});

describe("checkVatNumber", () => {
  it("canonicalises separators and case", () => {
    expect(checkVatNumber("SE", "se 556036-0793 01")).toEqual({ ok: true, value: "SE556036079301" });
  });
});

describe("unitPriceFor", () => {
  const price: CoursePriceRow = {
    courseSlug: "c",
    listSek: 100_000,
    listEur: 9_900,
    memberSek: 80_000,
    memberEur: null,
    includedInMembership: false,
  };
  const table: Array<
    [string, CoursePriceRow | null, { member: boolean; country: string }, ReturnType<typeof unitPriceFor>]
  > = [
    ["no price row: free", null, { member: false, country: "SE" }, { kind: "free" }],
    [
      "no list price: free",
      { ...price, listSek: null, listEur: null },
      { member: false, country: "SE" },
      { kind: "free" },
    ],
    [
      "non-member in Sweden: list price in SEK",
      price,
      { member: false, country: "SE" },
      { kind: "price", unitNet: 100_000, currency: "SEK", memberPrice: false },
    ],
    [
      "member in Sweden: member price",
      price,
      { member: true, country: "SE" },
      { kind: "price", unitNet: 80_000, currency: "SEK", memberPrice: true },
    ],
    [
      "member in Finland without member EUR price: list EUR",
      price,
      { member: true, country: "FI" },
      { kind: "price", unitNet: 9_900, currency: "EUR", memberPrice: false },
    ],
    [
      "included in membership",
      { ...price, includedInMembership: true },
      { member: true, country: "SE" },
      { kind: "included" },
    ],
    [
      "included, but not a member",
      { ...price, includedInMembership: true },
      { member: false, country: "SE" },
      { kind: "price", unitNet: 100_000, currency: "SEK", memberPrice: false },
    ],
    [
      "no EUR price",
      { ...price, listEur: null },
      { member: false, country: "FI" },
      { kind: "not_for_sale", currency: "EUR" },
    ],
  ];
  it.each(table)("%s", (_name, row, buyer, expected) => {
    expect(unitPriceFor(row, { member: buyer.member, currency: currencyFor(buyer.country) })).toEqual(expected);
  });
});
