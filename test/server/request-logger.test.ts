// Fastify's per-request logger, made on first use: it must write exactly what pino's own child
// would, with the request id bound, and nothing below the level.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { lazyRequestLogger } from '../../src/server/plugins/request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { parent: pino({ level }, sink), lines };
}

describe('lazy request logger', () => {
  it('writes nothing below the level, and lines at or above it with the request id bound', () => {
    const { parent, lines } = capture('warn');
    const log = lazyRequestLogger(parent, { reqId: 'r-1' }, {});
    log.info({ req: 'x' }, 'incoming request');
    log.debug('detail');
    assert.equal(lines.length, 0);
    log.error({ err: new Error('boom') }, 'request failed');
    log.warn('slow');
    assert.deepEqual(lines.map((l) => [l.reqId, l.msg, l.level]), [['r-1', 'request failed', 50], ['r-1', 'slow', 40]]);
    assert.equal((lines[0]!.err as { message: string }).message, 'boom');
    assert.equal(log.level, 'warn');
  });

  it("honours a route's own level, and hands out real children", () => {
    const { parent, lines } = capture('warn');
    const log = lazyRequestLogger(parent, { reqId: 'r-2' }, { level: 'debug' });
    log.debug('seen at the route level');
    log.trace('not seen');
    log.child({ step: 'db' }).warn('from a child');
    assert.deepEqual(lines.map((l) => [l.reqId, l.msg, l.step]), [['r-2', 'seen at the route level', undefined], ['r-2', 'from a child', 'db']]);
    assert.equal(log.level, 'debug');
  });
});
