// A JSON-LD document loader that never touches the network. Signing and verifying resolve every
// @context from copies bundled with the app, and our own issuer documents (profile, public key,
// status list) from this app's data. Any other URL is refused, so a credential cannot make the
// server fetch anything, and verification works on an air-gapped machine.
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import securityContext from "@digitalbazaar/security-context";
import obContext303 from "./contexts/ob-v3p0-context-3.0.3.json";

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3P0_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

export type RemoteDocument = { contextUrl: null; documentUrl: string; document: unknown };
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export class UnknownDocumentError extends Error {
  constructor(public readonly url: string) {
    super(
      `Refusing to load "${url}": only bundled contexts and this platform's issuer documents are resolved (no network).`,
    );
    this.name = "UnknownDocumentError";
  }
}

/** Every context the app bundles, by URL (handed to jsonld as they are, like the libraries' own loaders do). */
export const bundledContexts: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...(credentialsContexts as Map<string, unknown>),
  ...(securityContext.contexts as Map<string, unknown>),
  [OB_V3P0_CONTEXT, obContext303],
]);

/**
 * A loader for the bundled contexts, plus `extra` documents (exact URL → document, or a function
 * for URLs whose content comes from the database, such as the status list).
 */
export function createDocumentLoader(
  extra: { documents?: Record<string, unknown>; resolve?: (url: string) => Promise<unknown | undefined> } = {},
): DocumentLoader {
  return async (url: string) => {
    const context = bundledContexts.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    const fixed = extra.documents?.[url];
    if (fixed !== undefined) return { contextUrl: null, documentUrl: url, document: fixed };
    const dynamic = extra.resolve ? await extra.resolve(url) : undefined;
    if (dynamic !== undefined) return { contextUrl: null, documentUrl: url, document: dynamic };
    throw new UnknownDocumentError(url);
  };
}
