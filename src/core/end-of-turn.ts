// When keyward's batches run what they have queued: the stores' group commits
// (sqlite-group-commit.ts, postgres-key-batches.ts) and the hot paths' responses
// (server/response-batch.ts). At the end of the event loop's turn: setImmediate runs after the
// poll phase, once the loop has taken in every request that was ready, so a burst of requests
// shares one batch, and an idle server runs a lone write at once.

/** Runs `run` at the end of the current turn of the event loop, once however often it is asked. */
export class EndOfTurn {
  private scheduled = false;

  constructor(private readonly run: () => void) {}

  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }
}
