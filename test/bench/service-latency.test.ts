// The benchmark's server-side latency probe (bench/lib/service-latency.ts), loaded into the bare
// baseline server as B1 and B6 load it: armed ahead of the load, it counts only from `record`, so
// that the warm-up is left out; `stop` reports, and a later record starts again from nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBareServer, type RunningServer } from '../../bench/lib/keyward-server.js';

// A signal is handled on a later turn of the server's event loop than the one it arrives in.
const SIGNAL_HANDLED_MS = 100;

describe('service latency probe', () => {
  let server: RunningServer;

  before(async () => {
    server = await startBareServer({ serviceLatency: true });
  });

  after(async () => {
    await server?.stop();
  });

  async function requests(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${server.url}/constant`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    }
  }

  /** `count` requests between record and stop: what the probe reported of them. */
  async function recorded(count: number) {
    const probe = server.latency!;
    probe.record();
    await sleep(SIGNAL_HANDLED_MS);
    await requests(count);
    return probe.stop();
  }

  it('counts the requests after record, not those after arm', async () => {
    server.latency!.arm();
    await sleep(SIGNAL_HANDLED_MS);
    await requests(20);
    const report = await recorded(30);
    assert.equal(report.count, 30);
    assert.ok(report.p50Ms > 0 && report.p50Ms <= report.p99Ms && report.p99Ms <= report.maxMs, JSON.stringify(report));
  });

  it('arms on record alone, and each record counts afresh', async () => {
    await requests(5);
    const first = await recorded(12);
    assert.equal(first.count, 12);
    await requests(5);
    const second = await recorded(3);
    assert.equal(second.count, 3, 'the requests between stop and record were not counted');
    assert.ok(second.sequence > first.sequence);
  });
});
