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

interface Waiter {
  resolve: (r: { status: number; bytes: number }) => void;
  reject: (e: Error) => void;
}

/** One keep-alive connection with at most one request in flight. */
export class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiter: Waiter | undefined;
  private bodyLeft = -1;
  private status = 0;
  private bytes = 0;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (e: Error) => { const w = this.waiter; this.waiter = undefined; w?.reject(e); };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static async open(target: Target): Promise<Connection> {
    const socket = connect(target.port, target.host);
    await once(socket, 'connect');
    return new Connection(socket);
  }

  send(request: Buffer): Promise<{ status: number; bytes: number }> {
    if (this.waiter) throw new Error('one request at a time per connection');
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.bodyLeft = -1;
      this.bytes = 0;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
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
        this.waiter?.reject(new Error(`response without Content-Length (chunked answers are not supported): ${head.slice(0, 200)}`));
        return;
      }
      this.bodyLeft = Number(length[1]) - (this.buffer.length - end - 4);
      this.buffer = Buffer.alloc(0);
    } else {
      this.bodyLeft -= chunk.length;
    }
    if (this.bodyLeft <= 0) {
      const w = this.waiter;
      this.waiter = undefined;
      this.bodyLeft = -1;
      w?.resolve({ status: this.status, bytes: this.bytes });
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

export interface OpenLoopOptions {
  target: Target;
  /** The request to send, or a function giving the i-th one. */
  request: Buffer | ((i: number) => Buffer);
  /** Requests per second, spread evenly. */
  rate: number;
  durationMs: number;
  maxRequests: number;
  connections: number;
}

export interface OpenLoopResult extends LatencySummary {
  achievedRate: number;
  errors: number;
  /** Requests not answered when the time bound ran out. */
  unfinished: number;
  /** The client's own event loop: its longest delay in the run (ms), which every request due then waited out too. */
  clientStallMs: number;
}

/**
 * Sends at a fixed rate regardless of how fast answers come (open loop). Latency runs from the
 * moment a request was due, not from when a free connection sent it, so a stalled server shows up
 * in the tail instead of quietly slowing the load (no coordinated omission).
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = Math.min(options.maxRequests, Math.floor((options.rate * options.durationMs) / 1000));
  const conns = await Promise.all(Array.from({ length: options.connections }, () => Connection.open(options.target)));
  const idle = [...conns];
  const latencies = new Float64Array(total);
  const intervalNs = 1e9 / options.rate;
  let sent = 0;
  let done = 0;
  let timed = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const deadline = options.durationMs + 10_000;
  const requestOf = typeof options.request === 'function' ? options.request : () => options.request as Buffer;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();

  await new Promise<void>((resolve) => {
    const hardStop = setTimeout(resolve, deadline);
    const finishIfDone = () => { if (done === total) { clearTimeout(hardStop); resolve(); } };
    const pump = () => {
      const now = Number(process.hrtime.bigint() - start);
      while (sent < total && idle.length > 0 && sent * intervalNs <= now) {
        const i = sent++;
        const due = i * intervalNs;
        const conn = idle.pop()!;
        conn.send(requestOf(i)).then((r) => {
          if (r.status >= 400) errors++;
          latencies[timed++] = (Number(process.hrtime.bigint() - start) - due) / 1e6;
          done++;
          idle.push(conn);
          finishIfDone();
        }, () => { errors++; done++; finishIfDone(); });
      }
      if (sent < total) {
        const waitMs = (sent * intervalNs - now) / 1e6;
        // Timers are coarse (1 ms); closer than that the loop spins on setImmediate, which costs
        // CPU on the load core only.
        if (waitMs > 2) setTimeout(pump, waitMs - 1);
        else setImmediate(pump);
      }
    };
    pump();
  });
  const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
  loopDelay.disable();
  for (const c of conns) c.close();
  return { ...summarise(latencies, timed), achievedRate: done / elapsedS, errors, unfinished: total - done, clientStallMs: loopDelay.max / 1e6 };
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
