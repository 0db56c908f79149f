// The errors a domain module throws when a request cannot be served: the thing does not exist (or
// is not the reader's to see), the reader may not do this, or the input makes no sense. Domain
// modules throw these and never build HTTP responses; app/utils/http.server.ts is the one place
// that turns them into a status and a message in the reader's language.
import type sv from "~/locales/sv/common.json";

/** A key of common:errors, the message the reader gets. */
export type ErrorMessageKey = keyof typeof sv.errors;

export type Refusal = "notFound" | "forbidden" | "badRequest";

export abstract class DomainError extends Error {
  abstract readonly refusal: Refusal;
  /** What the reader is told; `message` stays the developer's description (logs, tests). */
  readonly messageKey: ErrorMessageKey;

  constructor(message: string, messageKey: ErrorMessageKey) {
    super(message);
    this.messageKey = messageKey;
  }
}

/** The thing does not exist, or exists but is not the reader's: both answer 404 (no oracle). */
export class NotFoundError extends DomainError {
  readonly refusal = "notFound";
  constructor(message = "Not found") {
    super(message, "notFound");
  }
}

/** The reader is known to be allowed to know it exists, but may not do this. */
export class ForbiddenError extends DomainError {
  readonly refusal = "forbidden";
  constructor(message = "Forbidden") {
    super(message, "forbidden");
  }
}

/** Input that is well-formed HTTP but makes no sense here (a stale cursor, answers that do not fit). */
export class InvalidInputError extends DomainError {
  readonly refusal = "badRequest";
  constructor(message: string, messageKey: ErrorMessageKey = "badRequest") {
    super(message, messageKey);
  }
}
