// Starts keyward: reads the configuration, listens, prints first-start credentials once to the
// terminal (never through the logger), and shuts down gracefully on SIGTERM/SIGINT.
import { pino } from 'pino';
import { REDACTED_LOG_PATHS } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startKeyward } from './keyward.js';
import type { BootstrapOutcome } from '../core/bootstrap.js';

export async function serve(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(env, argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keyward: invalid configuration: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } });
  let keyward;
  try {
    keyward = await startKeyward(config, { logger });
  } catch (err) {
    logger.fatal({ err }, 'keyward could not start');
    process.stderr.write(`keyward: could not start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  announceBootstrap(keyward.bootstrap, logger);
  const address = await keyward.app.listen({ host: config.host, port: config.port });
  logger.info({ address, store: keyward.store.dialect, data_dir: config.dataDir }, 'keyward is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify's close stops accepting connections and waits for in-flight requests to finish.
    const forced = setTimeout(() => { logger.error('shutdown took over 10 s; exiting'); process.exit(1); }, 10_000);
    forced.unref();
    await keyward.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function announceBootstrap(outcome: BootstrapOutcome, logger: pino.Logger): void {
  if (!outcome.created) {
    if (outcome.warning) logger.warn(outcome.warning);
    return;
  }
  logger.info({ organization: outcome.organization.id, admin_key: outcome.adminKeyId }, 'first start: created the organization and its admin key');
  if (outcome.generated) {
    process.stderr.write([
      '',
      '  keyward created an OrganizationAdmin API key. The secret is shown this once and cannot be retrieved later:',
      `    API key:    ${outcome.generated.apiKey}`,
      `    API secret: ${outcome.generated.apiSecret}`,
      '',
      '',
    ].join('\n'));
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/server/main.ts')) {
  await serve(process.argv.slice(2));
}
