// The certificate as an A4 PDF (pdfkit), in Swedish or English per the certificate's language,
// with embedded TrueType fonts (Liberation Sans, SIL OFL, public/fonts/) so å ä ö and other Latin,
// Greek and Cyrillic letters render everywhere, the issuer's identity, and a QR code (drawn as
// vector squares, crisp at any zoom) leading to the public verification page.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TFunction } from "i18next";
import type { CertificateCourse } from "./course-meta.server";
import { documentLanguage, documentLocaleTag } from "./credential.server";
import { isLanguage } from "~/i18n/config";
import { defaultTimeZone, formatDateTime } from "~/utils/date-time";

// pdfkit and qrcode (~0.4 s and ~35 MB to load) are loaded on the first PDF, not at every start.
const pdfLibraries = () => Promise.all([import("pdfkit"), import("qrcode")]);
type QrCodeModule = Awaited<ReturnType<typeof pdfLibraries>>[1]["default"];

const FONT_DIR = resolve(process.cwd(), "public/fonts");
let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts() {
  fonts ??= {
    regular: readFileSync(resolve(FONT_DIR, "LiberationSans-Regular.ttf")),
    bold: readFileSync(resolve(FONT_DIR, "LiberationSans-Bold.ttf")),
  };
  return fonts;
}

export type CertificateForPdf = {
  number: string;
  holderName: string;
  contentVersion: string;
  locale: string;
  scorePercent: number;
  criterionCourse: boolean;
  issuedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

const BRAND = "#0b4a55";
const INK = "#0f172a";
const MUTED = "#334155";

function drawQr(QRCode: QrCodeModule, doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  const quiet = 4; // the quiet zone the QR standard asks for
  const cell = size / (count + quiet * 2);
  doc.save();
  doc.rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill();
  doc.restore();
}

/**
 * Renders the certificate PDF. `verifyUrl` is the page the QR code opens; `t` translates in the
 * certificate's document language (getFixedT(documentLanguage(locale, course))).
 */
export async function renderCertificatePdf(
  certificate: CertificateForPdf,
  course: CertificateCourse,
  options: { verifyUrl: string; verifyHomeUrl: string; t: TFunction },
): Promise<Buffer> {
  const language = documentLanguage(certificate.locale, course);
  const tr = (key: string, values?: Record<string, unknown>) =>
    options.t(`certificates:${key}`, { lng: language, ...values });
  // A document shows the same dates to whoever opens it: the zone of the language the holder took
  // the course in (fi → Helsinki), not the downloader's (ADR 021).
  const dateContext = {
    language,
    timeZone: defaultTimeZone(isLanguage(certificate.locale) ? certificate.locale : language),
  };
  const formatDate = (date: Date) => formatDateTime(date, dateContext, "longDate");
  const { regular, bold } = loadFonts();
  const title = course.title(language);
  const [{ default: PDFDocument }, { default: QRCode }] = await pdfLibraries();

  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 48, left: 64, right: 64 },
    lang: documentLocaleTag[language],
    displayTitle: true,
    info: {
      Title: `${tr("pdf.title")} ${certificate.number} – ${title}`,
      Author: tr("issuerName"),
      Subject: `${certificate.holderName}: ${title}`,
      Creator: "KontaktAkademin",
      CreationDate: certificate.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on("end", () => resolveDone(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const { width, height } = doc.page;
  const left = doc.page.margins.left;
  const contentWidth = width - left - doc.page.margins.right;

  // Frame and header band
  doc
    .rect(24, 24, width - 48, height - 48)
    .lineWidth(1.5)
    .stroke(BRAND);
  doc.rect(24, 24, width - 48, 64).fill(BRAND);
  doc
    .font("bold")
    .fontSize(20)
    .fillColor("#ffffff")
    .text("KontaktAkademin", left, 44, { width: contentWidth / 2 });
  doc
    .font("regular")
    .fontSize(11)
    .fillColor("#ffffff")
    .text(tr("issuerName"), left + contentWidth / 2, 50, { width: contentWidth / 2, align: "right" });

  if (certificate.revokedAt) {
    doc
      .font("bold")
      .fontSize(13)
      .fillColor("#b91c1c")
      .text(`${tr("status.revoked").toUpperCase()} – ${formatDate(certificate.revokedAt)}`, left, 104, {
        width: contentWidth,
        align: "center",
      });
  }

  doc
    .font("bold")
    .fontSize(40)
    .fillColor(BRAND)
    .text(tr("pdf.title").toUpperCase(), left, 136, { width: contentWidth, align: "center", characterSpacing: 4 });
  doc.font("regular").fontSize(13).fillColor(MUTED).text(tr("pdf.subtitle"), { width: contentWidth, align: "center" });

  doc.moveDown(2.2);
  doc.font("regular").fontSize(13).fillColor(INK).text(tr("pdf.certifies"), { width: contentWidth, align: "center" });
  doc.moveDown(0.6);
  doc.font("bold").fontSize(28).fillColor(INK).text(certificate.holderName, { width: contentWidth, align: "center" });
  doc.moveDown(0.6);
  doc.font("regular").fontSize(13).fillColor(INK).text(tr("pdf.completed"), { width: contentWidth, align: "center" });
  doc.moveDown(0.5);
  doc.font("bold").fontSize(18).fillColor(BRAND).text(title, { width: contentWidth, align: "center" });
  doc
    .font("regular")
    .fontSize(10)
    .fillColor(MUTED)
    .text(tr("pdf.version", { version: certificate.contentVersion }), { width: contentWidth, align: "center" });
  doc.moveDown(0.8);
  doc
    .font("regular")
    .fontSize(12)
    .fillColor(INK)
    .text(tr("pdf.passed", { score: certificate.scorePercent, pass: course.passPercent }), left + 30, doc.y, {
      width: contentWidth - 60,
      align: "center",
    });
  if (certificate.criterionCourse) {
    doc.moveDown(0.8);
    doc
      .font("regular")
      .fontSize(11)
      .fillColor(MUTED)
      .text(tr("pdf.criterion"), left + 30, doc.y, { width: contentWidth - 60, align: "center" });
  }

  // Facts and QR code
  const factsTop = 560;
  const qrSize = 132;
  const facts: Array<[string, string]> = [
    [tr("pdf.number"), certificate.number],
    [tr("pdf.issued"), formatDate(certificate.issuedAt)],
    [tr("pdf.validUntil"), certificate.expiresAt ? formatDate(certificate.expiresAt) : tr("pdf.noExpiry")],
  ];
  let y = factsTop;
  for (const [label, value] of facts) {
    doc
      .font("regular")
      .fontSize(10)
      .fillColor(MUTED)
      .text(label, left, y, { width: contentWidth - qrSize - 24 });
    doc
      .font("bold")
      .fontSize(15)
      .fillColor(INK)
      .text(value, left, y + 13, { width: contentWidth - qrSize - 24 });
    y += 44;
  }
  drawQr(QRCode, doc, options.verifyUrl, left + contentWidth - qrSize, factsTop - 8, qrSize);
  doc
    .font("bold")
    .fontSize(11)
    .fillColor(INK)
    .text(tr("pdf.verifyHeading"), left, y + 8, { width: contentWidth - qrSize - 24 });
  doc
    .font("regular")
    .fontSize(10)
    .fillColor(MUTED)
    .text(tr("pdf.verifyText", { url: options.verifyHomeUrl }), { width: contentWidth - qrSize - 24 });

  // Issuer identity
  doc
    .moveTo(left, 748)
    .lineTo(left + contentWidth, 748)
    .lineWidth(0.75)
    .stroke("#94a3b8");
  doc.font("bold").fontSize(10).fillColor(INK).text(tr("pdf.issuerLine"), left, 756, { width: contentWidth });
  doc.font("regular").fontSize(8.5).fillColor(MUTED).text(tr("pdf.issuerText"), { width: contentWidth });

  doc.end();
  return done;
}
