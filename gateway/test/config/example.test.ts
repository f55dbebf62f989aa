import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index';

const EXAMPLE = fileURLToPath(new URL('../../../docs/ardoise.example.yaml', import.meta.url));
const env = {
  LAMP_001_NWK_S_KEY: '2b7e151628aed2a6abf7158809cf4f3c', LAMP_001_APP_S_KEY: '000102030405060708090a0b0c0d0e0f',
  SOIL_01_APP_KEY: '00112233445566778899aabbccddeeff', ARDOISE_MQTT_PASSWORD: 'x', ARDOISE_API_TOKEN: 'y',
};

describe('docs/ardoise.example.yaml', () => {
  it('is a valid config (with its secret variables set)', () => {
    const result = loadConfigFile(EXAMPLE, env);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('names each missing secret variable by key path', () => {
    const result = loadConfigFile(EXAMPLE, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain('devices[0].lorawan.nwk_s_key');
  });
});
