// @vitest-environment happy-dom
// A document carries a lesson's HTML once: the loader keeps it out of the data on a document
// request, the server renders it from the request's DocumentHtml, and the browser hydrates from
// the element the server rendered. A data request carries it as before.
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { act } from "react";
import { describe, expect, it } from "vitest";
import { DocumentHtml, DocumentHtmlProvider, passDocumentHtml, useDocumentHtml } from "./document-html";

const lessonHtml = "<h2>Öppna samtalet</h2><p>Säg vem du är &amp; varför du ringer.</p>";

function Body({ html }: { html: string | null }) {
  return <div className="lesson-body" {...useDocumentHtml("lesson-body", html)} />;
}

describe("document-html", () => {
  it("a data request's loader data carries the HTML; a document request's does not, and keeps it for the render", () => {
    expect(new DocumentHtml(false).pass("lesson-body", lessonHtml)).toBe(lessonHtml);
    const documentRequest = new DocumentHtml(true);
    expect(documentRequest.pass("lesson-body", lessonHtml)).toBeNull();
    expect(documentRequest.get("lesson-body")).toBe(lessonHtml);
    // A loader called without the server's context (tests, tools) returns it as it is.
    expect(passDocumentHtml(undefined, "lesson-body", lessonHtml)).toBe(lessonHtml);
  });

  it("the server renders it from the request, and the browser hydrates it from that element without loader data", async () => {
    const documentRequest = new DocumentHtml(true);
    const fromLoader = documentRequest.pass("lesson-body", lessonHtml);
    const serverHtml = renderToString(
      <DocumentHtmlProvider value={documentRequest}>
        <Body html={fromLoader} />
      </DocumentHtmlProvider>,
    );
    expect(serverHtml).toContain(lessonHtml);

    const container = document.createElement("div");
    container.innerHTML = serverHtml;
    document.body.append(container);
    const rendered = container.innerHTML;
    await act(async () => {
      hydrateRoot(container, <Body html={fromLoader} />);
    });
    expect(container.innerHTML).toBe(rendered);
    expect(container.querySelector("p")?.textContent).toBe("Säg vem du är & varför du ringer.");
  });

  it("loader data, when there is some, wins (a client-side navigation to another lesson)", () => {
    const other = "<p>Nästa lektion.</p>";
    expect(renderToString(<Body html={other} />)).toContain(other);
  });
});
