// The HTML part of an assignment mail, made from its plain-text part so the two always say the
// same: paragraphs from blank lines, line breaks kept, addresses made into links, everything else
// escaped. (A shared mail layout can replace this without changing the texts.)
const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function textToHtml(text: string, language: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) =>
      p
        .split("\n")
        .map((line) => escape(line).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`))
        .join("<br>\n"),
    )
    .map((p) => `<p>${p}</p>`)
    .join("\n");
  return `<!doctype html>\n<html lang="${escape(language)}"><head><meta charset="utf-8"></head><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #0f172a">\n${paragraphs}\n</body></html>\n`;
}
