// Server render: streams HTML with the request's CSP nonce on every script, and the request's
// language already chosen so the first paint is in the reader's language.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { fallbackLanguage, isLanguage } from "~/i18n/config";
import { i18nOptions } from "~/i18n/resources.server";
import { logger } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce";

// How long a deferred promise may keep the stream open (single fetch); the render is aborted a
// second later.
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
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error("render error", { requestId: loadContext.requestId, path: new URL(request.url).pathname, err: error });
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Errors thrown by loaders and actions (not Responses: those are answers): one JSON line with the
 * request id, instead of Remix's multi-line console.error. Aborted requests (the client left)
 * are not errors.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  logger.error("route error", { requestId: (context as AppLoadContext | undefined)?.requestId, method: request.method, path: new URL(request.url).pathname, err: error });
};

// Called by server/index.ts through the server build: start-up and shut-down of the app.
export { boot, shutdown } from "./boot.server";
