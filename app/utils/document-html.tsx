// Large HTML a page renders from its loader data (a lesson's body) would travel twice in a
// document: rendered, and again as an escaped string in the hydration data. On a document request
// the loader hands it to the request's DocumentHtml instead of returning it: the server renders it
// from there, and the browser hydrates from the element the server rendered. A data request (a
// client-side navigation, a prefetch) gets it in the loader data as usual.
import { createContext, useContext, useState } from "react";

export class DocumentHtml {
  readonly #html = new Map<string, string>();
  /** `documentRequest`: the request renders a whole document (not a `.data` request). */
  constructor(readonly documentRequest: boolean) {}

  /** What the loader data carries: the HTML on a data request; null on a document request, which renders it from here. */
  pass(id: string, html: string): string | null {
    if (!this.documentRequest) return html;
    this.#html.set(id, html);
    return null;
  }

  get(id: string): string | undefined {
    return this.#html.get(id);
  }
}

/** The loader's side: without a DocumentHtml (a loader called directly), the loader data carries the HTML. */
export const passDocumentHtml = (documentHtml: DocumentHtml | undefined, id: string, html: string): string | null =>
  documentHtml ? documentHtml.pass(id, html) : html;

const DocumentHtmlContext = createContext<DocumentHtml | null>(null);
export const DocumentHtmlProvider = DocumentHtmlContext.Provider;

/** Props for the element that shows `id`'s HTML: the loader data's, else the document's. */
export function useDocumentHtml(id: string, fromLoader: string | null) {
  const server = useContext(DocumentHtmlContext);
  // Hydrating a document that carried the HTML once: the element the server rendered holds it.
  // React keeps a hydrated element's inner HTML as it is, and this string keeps it so afterwards.
  const [fromDocument] = useState(() =>
    fromLoader === null && typeof document !== "undefined"
      ? (document.querySelector(`[data-document-html="${id}"]`)?.innerHTML ?? "")
      : "",
  );
  return {
    "data-document-html": id,
    dangerouslySetInnerHTML: { __html: fromLoader ?? server?.get(id) ?? fromDocument },
  };
}
