// The certificate PDF: A4, text in the certificate's language with å ä ö intact, fonts embedded,
// and a QR code that decodes to the verification URL. Read back with poppler (pdftotext,
// pdffonts, pdfinfo, pdftoppm) and jsQR, as a person's PDF reader and phone would.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { getFixedT } from "~/i18n/i18n.server";
import type { CertificateCourse } from "./course-meta.server";
import { renderCertificatePdf, type CertificateForPdf } from "./pdf.server";

const dir = mkdtempSync(join(tmpdir(), "ka-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const course: CertificateCourse = {
  slug: "introduktion-for-chefer",
  version: "2026.1",
  criterionCourse: true,
  certificateValidityMonths: 36,
  title: (l) =>
    l === "sv"
      ? "Introduktion för chefer i medlemsföretag"
      : l === "fi"
        ? "Johdanto jäsenyritysten esihenkilöille"
        : "Introduction for managers of member companies",
  description: () => "",
  certificateProves: () => "",
  certificateLanguages: ["sv", "en", "fi"],
  passPercent: 80,
};
const certificate: CertificateForPdf = {
  number: "KA-7K3M-9QXD-4",
  holderName: "Åsa Öberg-Ängström",
  contentVersion: "2026.1",
  locale: "sv",
  scorePercent: 92,
  criterionCourse: true,
  issuedAt: new Date("2026-03-01T10:00:00Z"),
  expiresAt: new Date("2029-03-01T10:00:00Z"),
  revokedAt: null,
};

/** Writes the PDF and returns what poppler and jsQR read from it. */
function readPdf(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", file, join(dir, name)]);
  const png = PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
  const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return { text, fonts, info, qr: qr?.data ?? null };
}

describe("certificate PDF", () => {
  it("is an A4 page in Swedish with å ä ö, embedded fonts, the issuer and a QR code to the verification page", async () => {
    const pdf = await renderCertificatePdf(certificate, course, {
      verifyUrl: "https://akademin.example/verify/KA-7K3M-9QXD-4",
      verifyHomeUrl: "https://akademin.example/verify",
      t: await getFixedT("sv"),
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, fonts, info, qr } = readPdf(pdf, "sv");
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1/);
    for (const expected of [
      "INTYG",
      "Härmed intygas att",
      "Åsa Öberg-Ängström",
      "Introduktion för chefer i medlemsföretag",
      "Kursversion 2026.1",
      "92 %",
      "KA-7K3M-9QXD-4",
      "1 mars 2026",
      "1 mars 2029",
      "Utfärdat av Kontakta genom KontaktAkademin",
      "Trygg Kundkontakt",
      "https://akademin.example/verify",
    ]) {
      expect(text).toContain(expected);
    }
    // Every font is embedded (a subset of Liberation Sans), none is a standard-14 reference.
    const fontRows = fonts.split("\n").slice(2).filter(Boolean);
    expect(fontRows.length).toBeGreaterThanOrEqual(2);
    for (const row of fontRows) {
      expect(row).toContain("LiberationSans");
      expect(row).toMatch(/\syes\s+yes\s+yes\s/); // emb sub uni
    }
    expect(qr).toBe("https://akademin.example/verify/KA-7K3M-9QXD-4");
  });

  it("is in English for an English certificate, and says so when revoked", async () => {
    const pdf = await renderCertificatePdf(
      { ...certificate, locale: "en", expiresAt: null, revokedAt: new Date("2026-04-02T09:00:00Z") },
      course,
      {
        verifyUrl: "https://akademin.example/verify/KA-7K3M-9QXD-4",
        verifyHomeUrl: "https://akademin.example/verify",
        t: await getFixedT("en"),
      },
    );
    const { text, qr } = readPdf(pdf, "en");
    expect(text).toContain("CERTIFICATE");
    expect(text).toContain("This is to certify that");
    expect(text).toContain("Introduction for managers of member companies");
    expect(text).toContain("1 March 2026");
    expect(text).toContain("Indefinitely");
    expect(text).toContain("REVOKED");
    expect(text).toContain("Issued by Kontakta through KontaktAkademin");
    expect(qr).toBe("https://akademin.example/verify/KA-7K3M-9QXD-4");
  });

  it("is in Finnish for a Finnish learner of a course written in Finnish, and in English when the course has no Finnish text", async () => {
    const options = {
      verifyUrl: "https://akademin.example/verify/KA-7K3M-9QXD-4",
      verifyHomeUrl: "https://akademin.example/verify",
      t: await getFixedT("fi"),
    };
    const { text, info } = readPdf(await renderCertificatePdf({ ...certificate, locale: "fi" }, course, options), "fi");
    expect(text).toContain("TODISTUS");
    expect(text).toContain("Todistamme, että");
    expect(text).toContain("Johdanto jäsenyritysten esihenkilöille");
    expect(text).toContain("1. maaliskuuta 2026");
    expect(text).toContain("Åsa Öberg-Ängström");
    expect(info).toMatch(/Title:\s+Todistus KA-7K3M-9QXD-4/);

    const swedishOnly: CertificateCourse = { ...course, certificateLanguages: ["sv", "en"] };
    const english = readPdf(
      await renderCertificatePdf({ ...certificate, locale: "fi" }, swedishOnly, {
        ...options,
        t: await getFixedT("en"),
      }),
      "fi-fallback",
    );
    expect(english.text).toContain("CERTIFICATE");
    expect(english.text).toContain("Introduction for managers of member companies");
  });
});
