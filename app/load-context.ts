// What the HTTP server (server/index.ts) hands every loader and action.
import type { DocumentHtml } from "~/utils/document-html";

export type AppLoadContext = {
  /** Per-request nonce for the Content-Security-Policy; every inline script carries it. */
  cspNonce: string;
  requestId: string;
  /** The client's IP as Express sees it (X-Forwarded-For only when TRUST_PROXY is set). */
  clientIp: string;
  /**
   * Only while the public page cache renders a page (app/http/public-cache, ADR 028): a loader
   * whose page changes at a known moment without any write (a certificate's expiry) says so here.
   */
  publicPage?: { freshUntil(moment: Date): void };
  /** Large HTML a document renders once, outside its hydration data (app/utils/document-html.tsx). */
  documentHtml?: DocumentHtml;
};

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppLoadContextShape {}
}
type AppLoadContextShape = AppLoadContext;
