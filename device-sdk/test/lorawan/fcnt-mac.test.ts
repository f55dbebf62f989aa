import { describe, expect, it } from 'vitest';
import { fCntCandidates } from '../../src/lorawan/fcnt';
import { CID, deviceTimeAns, linkCheckAns, parseDeviceTimeAns, parseUplinkMacCommands } from '../../src/lorawan/mac-commands';
import { FrameError, parsePhyPayload } from '../../src/lorawan/frame';

describe('fCntCandidates', () => {
  it('first uplink of a session takes the on-air value', () => {
    expect(fCntCandidates(undefined, 7)).toEqual({ forward: 7, replay: undefined });
  });
  it('moves forward within the same 16-bit epoch', () => {
    expect(fCntCandidates(10, 11).forward).toBe(11);
    expect(fCntCandidates(10, 11).replay).toBeUndefined();
  });
  it('crosses the 16-bit rollover', () => {
    expect(fCntCandidates(0xfffe, 0x0001).forward).toBe(0x10001);
    expect(fCntCandidates(0x1fffe, 0xffff).forward).toBe(0x1ffff);
    expect(fCntCandidates(0x2_0005, 0x0003)).toEqual({ forward: 0x3_0003, replay: 0x2_0003 });
  });
  it('an equal or older value is a replay candidate, never accepted as itself', () => {
    expect(fCntCandidates(0x1_0010, 0x0010)).toEqual({ forward: 0x2_0010, replay: 0x1_0010 });
  });
  it('32-bit exhaustion yields no forward value', () => {
    expect(fCntCandidates(0xffff_ffff, 0x0000).forward).toBeUndefined();
  });
});

describe('MAC commands', () => {
  it('walks FOpts with LinkCheckReq, DevStatusAns and DeviceTimeReq', () => {
    const r = parseUplinkMacCommands(Buffer.from([0x02, 0x06, 0xfe, 0x07, 0x0d]));
    expect(r.error).toBeUndefined();
    expect(r.commands.map((c) => c.cid)).toEqual([CID.LinkCheck, CID.DevStatus, CID.DeviceTime]);
  });
  it('stops with a clear error on an unknown CID or a truncated command', () => {
    expect(parseUplinkMacCommands(Buffer.from([0x02, 0x55])).error).toMatch(/unknown uplink MAC command CID 0x55 at byte 1/);
    expect(parseUplinkMacCommands(Buffer.from([0x06, 0x01])).error).toMatch(/truncated/);
  });
  it('LinkCheckAns clamps margin and gateway count', () => {
    expect(linkCheckAns(12.4, 3)).toEqual(Buffer.from([0x02, 12, 3]));
    expect(linkCheckAns(-5, 300)).toEqual(Buffer.from([0x02, 0, 255]));
  });
  it('DeviceTimeAns encodes GPS time (with leap seconds) and round-trips', () => {
    const t = Date.UTC(2026, 10, 23, 12, 0, 0, 500);
    const ans = deviceTimeAns(t);
    expect(ans[0]).toBe(0x0d);
    // GPS seconds = (unix - 315964800) + 18
    expect(ans.readUInt32LE(1)).toBe(Math.floor(t / 1000) - 315964800 + 18);
    expect(ans[5]).toBe(128);
    expect(parseDeviceTimeAns(ans.subarray(1))).toBe(t);
  });
});

describe('parsePhyPayload bad input', () => {
  const cases: Array<[string, string, string]> = [
    ['', 'too-short', 'empty'],
    ['40010203', 'too-short', 'at least 12'],
    ['41f17dbe4900020001954378762b11ff0d', 'bad-major', 'major version 1'],
    ['0001020304', 'bad-length', 'expected 23'],
    ['40f17dbe490f020001954378', 'bad-length', 'FOptsLen 15'],
  ];
  it.each(cases)('%s → %s', (h, cause, msg) => {
    try {
      parsePhyPayload(Buffer.from(h, 'hex'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FrameError);
      expect((e as FrameError).reason).toBe(cause);
      expect((e as Error).message).toContain(msg);
    }
  });
  it('rejects frames over 255 bytes', () => {
    expect(() => parsePhyPayload(Buffer.alloc(256, 0x40))).toThrow(/at most 255/);
  });
  it('fuzz: 50,000 random frames only ever throw FrameError', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 50_000; i++) {
      const b = Buffer.alloc(rnd() % 64);
      for (let j = 0; j < b.length; j++) b[j] = rnd();
      try {
        parsePhyPayload(b);
      } catch (e) {
        if (!(e instanceof FrameError)) throw e;
      }
    }
  });
});
