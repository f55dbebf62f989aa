import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from '../src/systemd/node-flags';

const unit = readFileSync(new URL('../systemd/ardoise.service', import.meta.url), 'utf8');

describe('systemd unit', () => {
  it('starts the bundled agent with exactly the Node flags the RSS bench measures', () => {
    const exec = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? [];
    const script = exec.findIndex((arg) => arg.endsWith('ardoise.mjs'));
    expect(exec[0]).toBe('/usr/bin/node');
    expect(script).toBeGreaterThan(0);
    expect(exec.slice(1, script)).toEqual([...AGENT_NODE_FLAGS]);
    expect(exec.slice(script + 1)).toEqual(['run', '--config', '/etc/ardoise/ardoise.yaml']);
  });
});
