// How large a request body may be, by route class. The HTTP server in front of Remix enforces
// these while the body streams in (app/utils/body-limit.server.ts), so no route ever holds more
// than its class allows in memory: the API 16 KB, the two upload forms what their files need,
// every other form 64 KB. No server code here, so it is unit-tested as plain data.
import { MAX_BODY_BYTES } from "~/modules/api/limits";
import { MAX_CREDENTIAL_FORM_BYTES } from "~/modules/certificates/credential-check";
import { MAX_INVITE_UPLOAD_BYTES } from "~/modules/organizations/limits";

/** Every other form: text fields only, the longest a few thousand characters (the pasted invite list is on the invite pages). */
export const FORM_BODY_LIMIT = 64 * 1024;

/** Multipart framing and the other fields beside an uploaded file. */
export const UPLOAD_FORM_OVERHEAD = 16 * 1024;

export type BodyClassName = "api" | "inviteUpload" | "credentialUpload" | "form";

export type BodyClass = {
  name: BodyClassName;
  /** The most bytes of body the route may receive. */
  limit: number;
  /** How a refusal is answered: the API's JSON error, or a short text page. */
  answer: "api" | "page";
};

// A route's path, optionally with a trailing slash or Remix's single-fetch ".data" suffix
// (client-side form submissions post to /team/x/invite.data). Route matching is case-insensitive.
const route = (path: string) => new RegExp(`^${path}(?:/|\\.data)?$`, "i");

const CLASSES: { pattern: RegExp; class: BodyClass }[] = [
  { pattern: /^\/api\/v1(?:[/.]|$)/i, class: { name: "api", limit: MAX_BODY_BYTES, answer: "api" } },
  // The invite forms take a CSV file: the company admin's page and Kontakta's company page.
  {
    pattern: route("/team/[^/]+/invite"),
    class: { name: "inviteUpload", limit: MAX_INVITE_UPLOAD_BYTES + UPLOAD_FORM_OVERHEAD, answer: "page" },
  },
  {
    pattern: route("/admin/organizations/(?!new(?:/|\\.data)?$)[^/]+?"),
    class: { name: "inviteUpload", limit: MAX_INVITE_UPLOAD_BYTES + UPLOAD_FORM_OVERHEAD, answer: "page" },
  },
  {
    pattern: route("/verify/credential"),
    class: { name: "credentialUpload", limit: MAX_CREDENTIAL_FORM_BYTES, answer: "page" },
  },
];

const FORM: BodyClass = { name: "form", limit: FORM_BODY_LIMIT, answer: "page" };

/** The body class of a request path (without the query string). */
export function bodyClassFor(path: string): BodyClass {
  return CLASSES.find((entry) => entry.pattern.test(path))?.class ?? FORM;
}
