// A loopback TCP proxy a test can cut and restore, to make a real database unreachable for one
// keyward instance without stopping the database that other tests share. It can also hold back
// every reply for a while, so that a test can count the round trips a store makes by the time
// they take.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  /** `replyDelayMs`: how long whatever the target sends waits before it is passed on. */
  constructor(private readonly targetHost: string, private readonly targetPort: number,
    private readonly options: { replyDelayMs?: number } = {}) {}

  async start(port = this.port): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        // As the database's own clients do: a small write waiting for the ACK of the one before
        // (Nagle) would add a delayed ACK's 40 ms to a pipelined client's round trips.
        s.setNoDelay(true);
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream);
      const delay = this.options.replyDelayMs ?? 0;
      if (delay === 0) upstream.pipe(client);
      // Timers of the same delay fire in the order they were set, so the bytes keep their order.
      else upstream.on('data', (chunk: Buffer) => setTimeout(() => client.write(chunk), delay));
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  /** Refuses new connections and drops every open one, as a dead database host would. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}
