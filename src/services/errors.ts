/**
 * What a service refuses, in terms the HTTP layer maps to a status: an unknown (or another
 * site's) record, a conflict with what exists, a request that breaks a business rule, a file of a
 * type the service does not take.
 */
export type ServiceErrorKind =
  "not_found" | "conflict" | "unprocessable" | "unsupported_media";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    /** A stable, specific code for clients, e.g. `render_not_approved`. */
    readonly code: string = kind,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Another site's record is reported exactly like a missing one: existence never leaks. */
export const notFound = (what: string, id: number | string) =>
  new ServiceError("not_found", `${what} ${id} not found`);

export const unprocessable = (code: string, message: string, field?: string) =>
  new ServiceError("unprocessable", message, code, field);

export const conflict = (code: string, message: string) =>
  new ServiceError("conflict", message, code);

/** A failure that another attempt cannot fix (bad input, a video too short for its preset). */
export class PermanentJobError extends Error {}
