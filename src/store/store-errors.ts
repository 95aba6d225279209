/** The database holds a schema written by a newer keyward; running on it could corrupt data. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`database schema version ${found} is newer than this keyward knows (${known}); upgrade keyward`);
    this.name = 'SchemaTooNewError';
  }
}

/** The database could not be reached or answered with a connection-level fault; callers answer 503. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
