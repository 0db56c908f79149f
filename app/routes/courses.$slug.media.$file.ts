// /courses/:slug/media/:file: images that lessons show (content/courses/<slug>/media/), linked from
// lesson MDX as ../media/name.png. Only image types, only plain file names, for signed-in readers.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { getContentStore } from "~/modules/courses/content.server";
import { courseParamsSchema } from "~/modules/courses/route-input";
import { invariantResponse, parseParams } from "~/utils/http.server";

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  svg: "image/svg+xml",
  avif: "image/avif",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const { slug } = parseParams(request, params, courseParamsSchema);
  const file = /^[A-Za-z0-9][A-Za-z0-9._-]*\.([a-z]+)$/.exec(params.file ?? "");
  const type = file ? TYPES[file[1]!] : undefined;
  const found = getContentStore().getCourse(slug);
  invariantResponse(found && file && type, request);
  const path = join(found.dir, "media", file[0]);
  const info = await stat(path).catch(() => null);
  invariantResponse(info !== null && info.isFile(), request);
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  if (request.headers.get("if-none-match") === etag)
    return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(await readFile(path), {
    headers: {
      "Content-Type": type,
      "Cache-Control": "private, max-age=3600",
      ETag: etag,
      // An SVG opened on its own must not run scripts.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
