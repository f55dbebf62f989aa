/**
 * `ardoise bench lorawan --quick` runs over real UDP on 127.0.0.1 and reports the figures issue 4
 * asks for (shape only, no timing threshold: see bench-quick.ts), closing every socket it opened.
 * Whether a rule's downlink went in the RX1 of the uplink that triggered it is behaviour, not
 * timing: that count must be complete.
 */
import { describe, expect, it } from 'vitest';
import { expectFigures, runQuick } from './bench-quick';

describe('bench lorawan --quick', () => {
  it('reports uplinks/s with drops, PUSH_ACK p99, rule-decided downlinks in the RX1 of the triggering uplink and their lead, then cleans up', async () => {
    const { report, leftovers, openHandles } = await runQuick('lorawan');
    expectFigures(report, 'lorawan', [
      { name: /^uplinks\/s GWMP→MIC→decrypt→codec→commit$/, unit: '/s', target: '>= 10000', ratio: true },
      { name: /^datagrams dropped at the socket$/, unit: 'datagrams', target: '0' },
      { name: /^PUSH_ACK latency p99 at 1,000 uplinks\/s$/, unit: 'ms', target: '< 5' },
      { name: /^class A downlinks decided by a rule in the RX1 of the triggering uplink \(of 5\)$/, unit: 'downlinks', target: '5' },
      { name: /^class A PULL_RESP lead before RX1, rule-decided, default dedup window/, unit: 'ms', target: '>= 300' },
      { name: /^MIC check \+ FRMPayload decrypt per frame, prepared session keys$/, unit: 'µs', ratio: true },
    ]);
    expect(report.figures.find((f) => /triggering uplink/.test(f.name))?.value).toBe(5); // real pipeline + bus: none slipped to a later uplink
    expect(leftovers).toEqual([]);
    expect(openHandles).toEqual([]);
  });
});
