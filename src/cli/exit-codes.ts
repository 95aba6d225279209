// The exit codes of `keyward`, documented in the README's CLI section. Scripts branch on these.
import { ApiClientError } from '../client/api-client-error.js';

export const ExitCode = {
  ok: 0,
  /** The API refused the request (conflict, quota, rate limit …) or could not be reached. */
  failure: 1,
  /** Bad flags or arguments, or a confirmation that was not given. */
  usage: 2,
  /** Not logged in, bad credentials (401) or not allowed (403). */
  auth: 3,
  /** The object does not exist (404). */
  notFound: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI detected itself, with the exit code it ends with. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode: ExitCode = ExitCode.failure) {
    super(message);
  }
}

export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof ApiClientError) {
    if (err.status === 401 || err.status === 403) return ExitCode.auth;
    if (err.status === 404) return ExitCode.notFound;
  }
  return ExitCode.failure;
}
