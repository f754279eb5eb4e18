/**
 * A mistake the user can fix: bad input, a missing permission, a failed remote job.
 * Shown as one clear line; the stack trace is only useful for bugs, so it goes to debug output.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Optional hint: what to do about it. Appended to the message when shown. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
  }

  /** The message with its hint, as a single line. */
  get userMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** True for errors that should be shown without a stack trace. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && error.name === 'UserError');
}

/** A one-line message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (isUserError(error)) return (error as UserError).userMessage ?? error.message;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
