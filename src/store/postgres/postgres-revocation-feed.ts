// Revocations across instances: the store's deletes send pg_notify inside their own transaction
// (PostgreSQL delivers it at commit, and never for a rollback, so no delete can commit without its
// notification), and every instance keeps one dedicated LISTEN connection that hands them to its
// credential cache. A LISTEN connection sees nothing while it is down, so losing it resets the
// cache (and stops caching) until it listens again. Channels are database-wide: the payload names
// the schema, and each feed keeps only its own schema's notifications.
import pg from 'pg';
import type { RevocationListener } from '../store.js';

export const REVOCATION_CHANNEL = 'keyward_revocations';

/** `$1` is `api_key` or `owner`, `$2` the id. Run inside the transaction that deletes. */
export const notifyRevocationSql =
  `SELECT pg_notify('${REVOCATION_CHANNEL}', json_build_object('schema', current_schema(), 'type', $1::text, 'id', $2::text)::text)`;

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
// A connection that died silently (no RST) would otherwise go unnoticed while deletes are missed.
const HEARTBEAT_MS = 5_000;
const STOP_WAIT_MS = 1_000;

export class PostgresRevocationFeed {
  private client: pg.Client | undefined;
  private schema: string | undefined;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly config: pg.ClientConfig, private readonly listener: RevocationListener) {}

  /** Resolves after the first attempt; a failed one keeps retrying with backoff in the background. */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // A connection to an unreachable server may never finish ending; shutdown must not wait on it.
    await Promise.race([client.end().catch(() => {}), new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())]);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ ...this.config, keepAlive: true });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.deliver(message));
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      this.schema = rows[0]?.schema;
      await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    } catch {
      client.end().catch(() => {});
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    // Anything deleted before LISTEN took effect was not delivered: start from a clean cache.
    this.listener({ type: 'reset', live: true });
    this.heartbeat(client);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    this.listener({ type: 'reset', live: false });
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = this.retryMs * (0.8 + Math.random() * 0.4);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  private heartbeat(client: pg.Client): void {
    this.timer = setTimeout(() => {
      if (this.client !== client) return;
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('heartbeat timeout')), HEARTBEAT_MS).unref());
      Promise.race([client.query('SELECT 1'), timeout])
        .then(() => this.heartbeat(client), () => this.lost(client));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  private deliver(message: pg.Notification): void {
    if (message.channel !== REVOCATION_CHANNEL || !message.payload) return;
    let event: { schema?: unknown; type?: unknown; id?: unknown };
    try {
      event = JSON.parse(message.payload) as typeof event;
    } catch {
      return;
    }
    if (event.schema !== this.schema || typeof event.id !== 'string') return;
    if (event.type === 'api_key' || event.type === 'owner') this.listener({ type: event.type, id: event.id });
  }
}
