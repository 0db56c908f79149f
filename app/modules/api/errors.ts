// The API's error vocabulary. Every error body is {"error":{"code","message"}}; codes are stable
// (integrations branch on them), messages are for people and follow Accept-Language.
export const API_ERRORS = {
  missing_key: 401,
  invalid_key: 401,
  revoked_key: 401,
  insufficient_scope: 403,
  not_found: 404,
  company_not_found: 404,
  certificate_not_found: 404,
  subscription_not_found: 404,
  method_not_allowed: 405,
  invalid_org_number: 400,
  invalid_certificate_number: 400,
  invalid_parameter: 400,
  unknown_parameter: 400,
  invalid_cursor: 400,
  invalid_body: 400,
  invalid_url: 422,
  insecure_url: 422,
  invalid_events: 422,
  missing_scope: 422,
  too_many_subscriptions: 409,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

/** Thrown inside API handlers; the wrapper turns it into the JSON error response. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    /** Interpolation values for the message (e.g. { name: "limit" }). */
    readonly params: Record<string, string | number> = {},
    readonly headers: Record<string, string> = {},
    /** A message to use as is (when a module already phrased it). */
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.status = API_ERRORS[code];
  }
}

/** The body of every API error answer, also the one the HTTP server gives before Remix runs. */
export function apiErrorBody(code: ApiErrorCode, message: string): { error: { code: ApiErrorCode; message: string } } {
  return { error: { code, message } };
}

export const API_JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
} as const;
