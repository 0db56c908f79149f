// Public JSON-LD documents (the issuer profile, its keys, the status list): readable by any
// verifier, also cross-origin; `application/ld+json` for those who ask for it, JSON otherwise.
export function jsonLdResponse(document: unknown, request: Request, options: { maxAge: number }): Response {
  return jsonLdTextResponse(`${JSON.stringify(document, null, 2)}\n`, request, options);
}

/** The same for a document already serialised (the stored status list, served byte for byte). */
export function jsonLdTextResponse(text: string, request: Request, { maxAge }: { maxAge: number }): Response {
  const accept = request.headers.get("accept") ?? "";
  return new Response(text, {
    headers: {
      "Content-Type": `${accept.includes("application/ld+json") ? "application/ld+json" : "application/json"}; charset=utf-8`,
      "Cache-Control": `public, max-age=${maxAge}`,
      "Access-Control-Allow-Origin": "*",
      Vary: "Accept",
    },
  });
}
