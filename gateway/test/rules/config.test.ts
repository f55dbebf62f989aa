import { describe, expect, it } from 'vitest';
import { parseAnchor } from '../../src/rules/anchor';
import { buildIrrigation, buildLighting } from '../../src/rules/build';
import { rulesSchema } from '../../src/rules/config';
import { parseClock, parseWindow } from '../../src/rules/local-time';

const problems = (data: unknown) => {
  const r = rulesSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('rules config', () => {
  it('defaults from domain.md when empty; builds the models', () => {
    const cfg = rulesSchema.parse({});
    expect(cfg.lighting.enabled).toBe(false);
    expect(cfg.lighting.astro).toEqual({ on: 'sunset', on_offset_min: 0, off: 'sunrise', off_offset_min: 0 });
    const irr = buildIrrigation(rulesSchema.parse({ irrigation: { zones: { z: {} } } }).irrigation, [{ id: 'v', type: 'valve', group: 'z' }]);
    expect(irr.zones[0]).toMatchObject({ id: 'z', valves: ['v'], start: 20, stop: 30, rainSkipMm: 5, maxOpenMin: 30 });
    expect(irr.bans.alerte).toHaveLength(1);
  });

  it('every problem names the key path and what is allowed', () => {
    expect(problems({ lighting: { groups: { g: { profile: 'nope' } }, profiles: { p: { steps: [{ at: '25:00', level: 50 }] } } } })).toEqual([
      'lighting.profiles.p.steps.0.at: "25:00" is not a profile time; expected "HH:MM", or sunset|sunrise|on|off|midnight with an optional ±minutes such as "sunset+30"',
      'lighting.groups.g.profile: unknown profile; defined: p',
    ]);
    expect(problems({ lighting: { groups: { g: { light_sensor: { on_lux: 50, off_lux: 10 } } } } })).toEqual(['lighting.groups.g.light_sensor.off_lux: off_lux must be greater than on_lux (hysteresis)']);
    expect(problems({ irrigation: { zones: { z: { measure: 'tension', start: 20, stop: 40 } } } })).toEqual(['irrigation.zones.z.stop: with tension the wet stop (40) must be below the dry start (20)']);
    expect(problems({ irrigation: { zones: { z: { windows: ['22h-6h'] } } } })[0]).toMatch(/^irrigation\.zones\.z\.windows\.0: .*expected "HH:MM"/);
    expect(problems({ irrigation: { drought: { schedule: [{ from: '2026-08-31', to: '2026-08-01', level: 'crise' }] } } })[0]).toMatch(/"from" must not be after "to"/);
    expect(problems({ lighting: { colour: 'red' } })[0]).toMatch(/unknown key "colour"; allowed: enabled, astro/);
  });

  it('anchors: clock times and astronomical offsets; presence sensors boost their group', () => {
    expect(parseAnchor('sunset+30')).toEqual({ kind: 'sunset', offsetMin: 30 });
    expect(parseAnchor('midnight-90')).toEqual({ kind: 'midnight', offsetMin: -90 });
    expect(parseAnchor('01:30')).toEqual({ kind: 'clock', minutes: 90 });
    const model = buildLighting(rulesSchema.parse({ lighting: { groups: { g: {} } } }).lighting, [
      { id: 'l1', type: 'lamp', group: 'g' },
      { id: 'l2', type: 'lamp', group: 'g' },
      { id: 'pir', type: 'presence_sensor', group: 'g' },
      { id: 'orphan', type: 'lamp', group: 'unknown' },
    ]);
    expect(model.lamps.map((l) => l.id)).toEqual(['l1', 'l2']);
    expect(model.presenceSensors.get('pir')).toEqual(['l1', 'l2']);
    expect(model.groups.get('g')?.profile).toBeUndefined(); // no program → fail-safe default level
  });
});

describe('time parsers, fuzzed', () => {
  const alphabet = '0123456789:+-sunriestmdgho ';
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  it('parseAnchor / parseClock / parseWindow: any input is parsed or refused with a RangeError naming it', () => {
    const rand = random(42);
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: Math.floor(rand() * 14) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      for (const parse of [parseAnchor, (t: string) => parseClock(t), (t: string) => parseWindow(t)]) {
        try {
          const v = parse(s);
          expect(v).toBeTypeOf('object');
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
          expect((e as Error).message).toMatch(/"[^"]*" is not a (profile time|clock time|window)/);
        }
      }
    }
    expect(parseClock('24:00')).toBe(1440);
    expect(() => parseClock('24:01')).toThrow(/"24:01" is not a clock time; expected "HH:MM" between 00:00 and 24:00/);
  });
});
