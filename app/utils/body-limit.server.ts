// Request bodies are read here, in the HTTP server in front of Remix, and never past their
// route class's limit (app/utils/body-limits.ts): a declared Content-Length over it is answered
// 413 at once without reading a byte; a chunked or undeclared body is counted as it arrives and
// answered 413 the moment it passes the limit, and reading stops (the connection is closed once
// the answer is out). What fits is kept in memory and handed to Remix as the request's body
// (bufferedBody), so no route can read more than its class allows. It runs outside Vite, so it
// reads the translations of its answers itself.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import en from "~/locales/en/api.json";
import fi from "~/locales/fi/api.json";
import sv from "~/locales/sv/api.json";
import { API_JSON_HEADERS, apiErrorBody } from "~/modules/api/errors";
import { apiLanguageFromHeader } from "~/modules/api/language";
import { bodyClassFor, type BodyClass } from "./body-limits";
import { edgeRefusalText } from "./edge-guards.server";

const apiTexts = { sv: sv.errors, en: en.errors, fi: fi.errors };

const bodies = new WeakMap<IncomingMessage, Buffer>();

/** The body read by bodyLimit, if the request had one. */
export function bufferedBody(req: IncomingMessage): Buffer | undefined {
  return bodies.get(req);
}

/** The declared Content-Length, or null when there is none (chunked, or no body). */
export function declaredLength(headers: IncomingHttpHeaders): number | null {
  const value = headers["content-length"];
  if (value === undefined) return null;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

/** HTTP/1.1: a request has a body only if it says so (Content-Length or Transfer-Encoding). */
export function declaresBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || (declaredLength(headers) ?? 0) > 0;
}

/** Is the declared length already over the path's limit (no need to read)? */
export function declaredTooLarge(req: IncomingMessage): boolean {
  const length = declaredLength(req.headers);
  return length !== null && length > bodyClassFor(pathOf(req)).limit;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Reads `stream` to its end if it holds at most `limit` bytes. As soon as more arrive it stops
 * listening, pauses the stream and resolves null (the caller answers and closes the connection).
 */
export function readBodyUpTo(stream: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        stream.pause();
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("the request was closed before its body ended"));
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}

/**
 * After the refusal is on the wire, how long we keep reading and discarding what the client is
 * still sending before closing (nginx's "lingering close"): closing a socket with unread data
 * resets the connection (TCP RST), and a client still writing may then lose the answer it had not
 * read yet. Bounded by time only: a byte cap closed too early for a client on a loaded machine
 * (EPIPE before it read the 413), and pausing instead left a blocked writer that never saw the
 * answer. A client that has read the answer stops at once (~4 MB on loopback); discarded bytes
 * cost no memory.
 */
export const LINGER = { ms: 2000 };

/** The 413: the API's JSON error for /api/v1, a short text in the reader's language elsewhere; the connection is closed after it. */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, bodyClass: BodyClass) {
  let body: string;
  let type: string;
  if (bodyClass.answer === "api") {
    const language = apiLanguageFromHeader(req.headers["accept-language"]);
    const message = apiTexts[language].payload_too_large.replace("{{bytes}}", String(bodyClass.limit));
    body = JSON.stringify(apiErrorBody("payload_too_large", message));
    type = API_JSON_HEADERS["Content-Type"];
  } else {
    body = edgeRefusalText("tooLarge", { cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"] });
    type = "text/plain; charset=utf-8";
  }
  res.statusCode = 413;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("Cache-Control", "no-store");
  // Node closes the connection after an answer that says so, instead of reading the rest of the body.
  res.setHeader("Connection", "close");
  // The whole answer goes out now (Content-Length tells the client it is complete); the response
  // ends, and the connection closes, once the client stops sending or LINGER runs out.
  res.write(body);
  const close = () => {
    clearTimeout(timer);
    req.off("end", close);
    req.off("close", close);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(close, LINGER.ms);
  req.once("end", close);
  req.once("close", close);
  // Flowing with no "data" listener: what arrives is read and dropped.
  req.resume();
}

/**
 * Express/Connect middleware: reads the body within the path's limit into bufferedBody(req), or
 * answers 413. Requests without a body pass straight on.
 */
export function bodyLimit(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) {
  if (!declaresBody(req.headers)) {
    next();
    return;
  }
  const bodyClass = bodyClassFor(pathOf(req));
  const length = declaredLength(req.headers);
  if (length !== null && length > bodyClass.limit) {
    refuseTooLarge(req, res, bodyClass);
    return;
  }
  readBodyUpTo(req, bodyClass.limit).then(
    (body) => {
      if (body === null) {
        refuseTooLarge(req, res, bodyClass);
        return;
      }
      bodies.set(req, body);
      next();
    },
    () => {
      // The client went away mid-body: nobody is left to answer.
      req.socket.destroy();
    },
  );
}
