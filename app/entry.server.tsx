// Server render: the whole HTML document with the request's CSP nonce on every script, and the
// request's language already chosen so the first paint is in the reader's language.
import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { fallbackLanguage, isLanguage } from "~/i18n/config";
import { i18nOptions } from "~/i18n/resources.server";
import { logger } from "~/utils/logger.server";
import { DocumentHtmlProvider } from "~/utils/document-html";
import { NonceProvider } from "~/utils/nonce";

// How long a deferred promise may keep the single-fetch data stream open; the render is aborted
// a second later.
export const streamTimeout = 5_000;

// One i18next instance per language, made once: the server never changes an instance's language
// (useChangeLanguage runs in an effect, i.e. only in the browser), so sharing is safe and saves
// an init on every request.
const instances = new Map<string, Promise<i18n>>();
function i18nFor(lng: string): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nOptions, lng })
      .then(() => created);
    instances.set(lng, instance);
  }
  return instance;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const rootData = remixContext.staticHandlerContext.loaderData.root as { language?: string } | undefined;
  const lng = isLanguage(rootData?.language) ? rootData.language : fallbackLanguage;
  const instance = await i18nFor(lng);
  const nonce = loadContext.cspNonce;

  // The whole document is rendered before the first byte is sent, and sent in one write with its
  // length. No route defers data (every loader's data is there before rendering starts), so
  // streaming gained no earlier paint, and cost a socket write, a stream chunk and a timer per
  // React flush; a page is one buffer now, which a proxy can compress in one go.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let shellRendered = false;
    let failed = false;
    const timeout = setTimeout(() => abort(), streamTimeout + 1000);
    const body = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timeout);
        done();
        if (failed) return;
        const html = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(html.length));
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DocumentHtmlProvider value={loadContext.documentHtml ?? null}>
          <I18nextProvider i18n={instance}>
            <RemixServer context={remixContext} url={request.url} nonce={nonce} />
          </I18nextProvider>
        </DocumentHtmlProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          failed = true;
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error in the shell rejects (onShellError) and Remix reports it; one inside a
          // Suspense boundary after the shell is logged here (the page goes out with its fallback).
          if (shellRendered)
            logger.error("render error", {
              requestId: loadContext.requestId,
              path: new URL(request.url).pathname,
              err: error,
            });
        },
      },
    );
  });
}

/**
 * Errors thrown by loaders and actions (not Responses: those are answers): one JSON line with the
 * request id, instead of Remix's multi-line console.error. Aborted requests (the client left)
 * are not errors.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  logger.error("route error", {
    requestId: (context as AppLoadContext | undefined)?.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
    err: error,
  });
};

// Called by the launcher (server/start.js) through the server build: the HTTP server, which boots
// and shuts down the app. The start-up plan is an entry of its own (build/server/startup-plan.js).
export { startHttpServer } from "./http/server.server";
