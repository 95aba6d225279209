// The hot paths' responses (raw-endpoint.ts and the authenticate endpoint) reach their sockets
// together: each is held until the event loop has handled every request that was ready with it
// (setImmediate runs after the poll phase), or until 16 are waiting, then all are written back
// to back.
//
// Why: a write to a client that sleeps waiting for it has to wake it, and the writer pays, inside
// its write(2): on a virtual machine an inter-processor interrupt, which is dear (perf showed it
// as the largest part of the kernel's time per request). Writes issued back to back mostly find
// the client awake already. Measured by B1 on the 2-core reference VM
// (bench/README.md, "responses written together"): authenticate 0.63 → 0.89× of the bare route,
// verify 0.53 → 0.79×, with the same requests and the same work per request.
//
// The price is latency: an answer waits for the rest of the event loop's turn, in which at most
// 15 other answers are worked out (and whatever else was ready). B1's server-side p99 at half of
// maximum went from about 0.05 ms to 0.25–0.3 ms; a request that arrives alone waits for nothing.
// Each request's own work, its checks and its order on its connection are unchanged: an answer
// is final when it is held, and only the socket write waits.
import type { ServerResponse } from 'node:http';
import { EndOfTurn } from '../core/end-of-turn.js';

/** Runs writes in batches: at the end of the event loop's turn, or at once when `maxSize` wait. */
export class WriteBatch {
  private pending: (() => void)[] = [];
  private readonly endOfTurn = new EndOfTurn(() => this.flush());

  constructor(private readonly maxSize: number) {}

  add(write: () => void): void {
    if (this.pending.push(write) >= this.maxSize) this.flush();
    else this.endOfTurn.request();
  }

  /** Runs the waiting writes in the order they were added. */
  flush(): void {
    const writes = this.pending;
    if (writes.length === 0) return;
    this.pending = [];
    for (const write of writes) write();
  }
}

const MAX_BATCH = 16;
// One per process: the batch is the event loop's, whichever server's sockets it writes to.
const responses = new WriteBatch(MAX_BATCH);

/** `response.end(body)`, in this turn's batch (the status and headers are already set). */
export function endInBatch(response: ServerResponse, body?: string): void {
  responses.add(() => response.end(body));
}
