// A minimal HTTP/1.1 keep-alive client on raw sockets, for the measurements wrk cannot make: an
// open-loop (fixed-rate) load for latency at a given throughput, sequential probes of single
// requests, and loads whose every request differs (filling a cache with distinct keys). It writes
// prebuilt request bytes and parses only the status line and Content-Length, so it costs a few
// microseconds per request and stays out of the way of what it measures.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Target {
  host: string;
  port: number;
}

export function targetOf(url: string): Target {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** The bytes of one request (Host, keep-alive and Content-Length added). */
export function buildRequest(target: Target, method: string, path: string, headers: Record<string, string> = {},
  body?: string): Buffer {
  const payload = body === undefined ? undefined : Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${target.host}:${target.port}`, 'Connection: keep-alive'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (payload) lines.push(`Content-Length: ${payload.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return payload ? Buffer.concat([head, payload]) : head;
}

type Done = (status: number, bytes: number) => void;
type Failed = (e: Error) => void;

/** One keep-alive connection with at most one request in flight. */
export class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  // The callbacks of the request in flight, if any.
  private done: Done | undefined;
  private failed: Failed | undefined;
  private bodyLeft = -1;
  private status = 0;
  private bytes = 0;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static async open(target: Target): Promise<Connection> {
    const socket = connect(target.port, target.host);
    await once(socket, 'connect');
    return new Connection(socket);
  }

  /**
   * Sends `request`; `done` gets the status and the bytes received once the whole answer is in,
   * `failed` a socket error. Callbacks rather than a promise: the open-loop client sends tens of
   * thousands a second from one core, and a promise with its reactions per request is garbage
   * that its collector then stops the load for.
   */
  request(request: Buffer, done: Done, failed: Failed): void {
    if (this.done) throw new Error('one request at a time per connection');
    this.done = done;
    this.failed = failed;
    this.bodyLeft = -1;
    this.bytes = 0;
    this.socket.write(request);
  }

  send(request: Buffer): Promise<{ status: number; bytes: number }> {
    return new Promise((resolve, reject) => this.request(request, (status, bytes) => resolve({ status, bytes }), reject));
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(e: Error): void {
    const failed = this.failed;
    this.done = this.failed = undefined;
    failed?.(e);
  }

  private onData(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bodyLeft < 0) {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      this.status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) {
        this.fail(new Error(`response without Content-Length (chunked answers are not supported): ${head.slice(0, 200)}`));
        return;
      }
      this.bodyLeft = Number(length[1]) - (this.buffer.length - end - 4);
      this.buffer = Buffer.alloc(0);
    } else {
      this.bodyLeft -= chunk.length;
    }
    if (this.bodyLeft <= 0) {
      const done = this.done;
      this.done = this.failed = undefined;
      this.bodyLeft = -1;
      done?.(this.status, this.bytes);
    }
  }
}

export interface LatencySummary {
  count: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarise(latenciesMs: ArrayLike<number>, count = latenciesMs.length): LatencySummary {
  const sorted = Float64Array.from({ length: count }, (_, i) => latenciesMs[i]!).sort();
  const at = (q: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))] ?? NaN;
  return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[count - 1] ?? NaN };
}

function shareOver(latenciesMs: Float64Array, limitMs: number): number {
  let over = 0;
  for (const latency of latenciesMs) if (latency > limitMs) over++;
  return latenciesMs.length === 0 ? 0 : over / latenciesMs.length;
}

export interface OpenLoopOptions {
  target: Target;
  /** The request to send, or a function giving the i-th one. */
  request: Buffer | ((i: number) => Buffer);
  /** Requests per second, spread evenly. */
  rate: number;
  /**
   * Sent at the same rate before the measured period, straight into it, and not counted: the
   * client's own code starts cold in every run (its closures are new), and until the compiler has
   * caught up it falls behind, which would show as a backlog at the start of the measured period.
   */
  warmupMs?: number;
  durationMs: number;
  /** Called when the measured period begins (after the warm-up). */
  onMeasuring?: () => void;
  /** Most requests measured. */
  maxRequests: number;
  connections: number;
  /** A latency goal (ms): the result then says what share of the measured requests missed it. */
  goalMs?: number;
}

/** What the open-loop client prints, as a process of its own (open-loop-process.ts), when its warm-up ends. */
export const MEASURING_LINE = 'measuring';

export interface OpenLoopResult extends LatencySummary {
  achievedRate: number;
  errors: number;
  /** Requests not answered when the time bound ran out. */
  unfinished: number;
  /** The client's own event loop: its longest delay (ms) in the measured period, which every request due then waited out too. */
  clientStallMs: number;
  /**
   * With `goalMs`: the share (0–1) of the measured requests slower than that. A p99 goal is met
   * when it is at most 0.01; how far above that it is tells a near miss from a far one.
   */
  overGoal?: number;
}

/**
 * Sends at a fixed rate regardless of how fast answers come (open loop). Latency runs from the
 * moment a request was due, not from when a free connection sent it, so a stalled server shows up
 * in the tail instead of quietly slowing the load (no coordinated omission).
 *
 * The client must be much faster than the rate it keeps, or its own pauses become the tail: per
 * request it makes no promise and no BigInt (its callbacks are made once per connection), and a
 * request due while a connection is free is sent at once, from whichever callback finds it due.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const warmup = Math.floor((options.rate * (options.warmupMs ?? 0)) / 1000);
  const measured = Math.min(options.maxRequests, Math.floor((options.rate * options.durationMs) / 1000));
  const total = warmup + measured;
  const conns = await Promise.all(Array.from({ length: options.connections }, () => Connection.open(options.target)));
  const requestOf = typeof options.request === 'function' ? options.request : () => options.request as Buffer;
  const intervalMs = 1000 / options.rate;
  // Every request's latency, the warm-up's too, by index (NaN: not answered), so that the code
  // which records it is the same from the first request to the last: a branch first taken when
  // the measured period began made V8 throw away its optimised code for the hottest functions
  // there and compile them again, and requests waited for that (bench/README.md).
  const latencies = new Float64Array(total).fill(Number.NaN);
  // When the request each connection carries was due, and its index.
  const dueAt = new Float64Array(conns.length);
  const indexOf = new Int32Array(conns.length);
  const idle = conns.map((_, c) => c);
  let sent = 0;
  let done = 0;
  let errors = 0;
  // The client's own loop is watched from the start, so that the monitor's 1 ms timer does not
  // begin in the middle of the measured period; its record restarts when that period does.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const start = performance.now();
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  const hardStop = setTimeout(() => finish(), (options.warmupMs ?? 0) + options.durationMs + 10_000);

  // When the first measured request is due; a timer, not a test in the sending loop (see above).
  const measuring = setTimeout(() => {
    loopDelay.reset();
    options.onMeasuring?.();
  }, warmup * intervalMs);
  const answered = (c: number, status: number) => {
    if (status >= 400) errors++;
    latencies[indexOf[c]!] = performance.now() - start - dueAt[c]!;
    idle.push(c);
    if (++done === total) finish();
    else sendDue();
  };
  // A connection that failed is not used again; its request counts as an error.
  const lost = () => {
    errors++;
    if (++done === total) finish();
  };
  const callbacks = conns.map((_, c) => ({ done: (status: number) => answered(c, status), failed: lost }));

  function sendDue(): void {
    const now = performance.now() - start;
    while (sent < total && idle.length > 0 && sent * intervalMs <= now) {
      const i = sent++;
      const c = idle.pop()!;
      dueAt[c] = i * intervalMs;
      indexOf[c] = i;
      conns[c]!.request(requestOf(i), callbacks[c]!.done, callbacks[c]!.failed);
    }
  }
  const pump = () => {
    sendDue();
    if (sent >= total) return;
    const waitMs = sent * intervalMs - (performance.now() - start);
    // Timers are coarse (1 ms); closer than that the loop spins on setImmediate, which costs
    // CPU on the load core only.
    if (waitMs > 2) setTimeout(pump, waitMs - 1);
    else setImmediate(pump);
  };
  pump();
  await finished;
  clearTimeout(hardStop);
  clearTimeout(measuring);
  const elapsedS = (performance.now() - start - warmup * intervalMs) / 1000;
  loopDelay.disable();
  for (const c of conns) c.close();
  const timed = latencies.subarray(warmup).filter((latency) => !Number.isNaN(latency));
  return {
    ...summarise(timed), achievedRate: timed.length / elapsedS, errors, unfinished: total - done,
    clientStallMs: loopDelay.max / 1e6,
    ...(options.goalMs !== undefined && { overGoal: shareOver(timed, options.goalMs) }),
  };
}

/** Sends `count` requests from `requestOf(i)` over `connections`, as fast as answers come; bounded by `timeoutMs`. */
export async function closedLoop(target: Target, requestOf: (i: number) => Buffer, count: number, connections: number,
  timeoutMs: number): Promise<{ done: number; errors: number; rps: number }> {
  const conns = await Promise.all(Array.from({ length: connections }, () => Connection.open(target)));
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  let done = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  await Promise.all(conns.map(async (conn) => {
    while (next < count && Date.now() < deadline) {
      const r = await conn.send(requestOf(next++)).catch(() => ({ status: 0, bytes: 0 }));
      if (r.status !== 200) errors++;
      done++;
    }
  }));
  for (const c of conns) c.close();
  return { done, errors, rps: done / (Number(process.hrtime.bigint() - start) / 1e9) };
}

/** Times requests one after another on one connection; `requests` are sent round-robin `rounds` times. */
export async function sequentialProbe(target: Target, requests: Buffer[], rounds: number, timeoutMs: number,
  expectStatus = 200): Promise<LatencySummary[]> {
  const conn = await Connection.open(target);
  const latencies = requests.map(() => [] as number[]);
  const deadline = Date.now() + timeoutMs;
  try {
    for (let round = 0; round < rounds && Date.now() < deadline; round++) {
      for (const [i, request] of requests.entries()) {
        const t = process.hrtime.bigint();
        const r = await conn.send(request);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (r.status !== expectStatus) throw new Error(`probe answered ${r.status}`);
        latencies[i]!.push(ms);
      }
    }
  } finally {
    conn.close();
  }
  return latencies.map((l) => summarise(l));
}
