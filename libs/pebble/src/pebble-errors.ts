/**
 * Every error the Pebble client throws. All extend PebbleError so a charm can catch "anything
 * Pebble" in one place and still branch on the precise class.
 *
 * None of these ever carries a request body: file contents pushed through the client may be
 * secrets, and error messages end up in logs.
 */
import type { Change } from "./changes";

export class PebbleError extends Error {
  override readonly name: string = "PebbleError";
}

/** The socket is missing, refuses connections or drops them. */
export class PebbleConnectionError extends PebbleError {
  override readonly name = "PebbleConnectionError";
  constructor(
    readonly socketPath: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Pebble answered with something that is not its wire format (content type, JSON, fields). */
export class PebbleProtocolError extends PebbleError {
  override readonly name = "PebbleProtocolError";
}

/** A non-2xx response or an error envelope: `{type: "error", result: {message, kind?, value?}}`. */
export class PebbleApiError extends PebbleError {
  override readonly name = "PebbleApiError";
  constructor(
    /** HTTP status code, e.g. 400. */
    readonly statusCode: number,
    /** HTTP status text, e.g. "Bad Request". */
    readonly statusText: string,
    message: string,
    /** Pebble's error kind, e.g. `not-found`, `no-default-services`; undefined when none was sent. */
    readonly kind?: string,
    /** Pebble's optional structured error value. */
    readonly value?: unknown,
  ) {
    super(message);
  }
}

/** A per-path failure of a file operation (push, pull, make-dir, remove). */
export class PebblePathError extends PebbleError {
  override readonly name = "PebblePathError";
  constructor(
    /** `not-found`, `permission-denied` or `generic-file-error`. */
    readonly kind: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** A change that finished with `err` set; the message is Pebble's own error text. */
export class PebbleChangeError extends PebbleError {
  override readonly name = "PebbleChangeError";
  constructor(readonly change: Change) {
    super(change.err ?? `change ${change.id} failed`);
  }

  get err(): string {
    return this.message;
  }
}

/** A command run through exec exited non-zero. Output stays out of the message (it may hold secrets). */
export class ExecError extends PebbleError {
  override readonly name = "ExecError";
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`command ${JSON.stringify(command)} exited with code ${exitCode}`);
  }
}

/** A request or a wait for a change did not finish in time. */
export class TimeoutError extends PebbleError {
  override readonly name = "TimeoutError";
}
