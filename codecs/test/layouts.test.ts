import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICES_DIR } from '../src/examples/index';
import { layoutMarkdown, listCodecs } from '../src/index';

// Each codec's layout document sits beside it and is generated from its declaration: this test
// fails when a declaration changed and its .md was not regenerated (UPDATE_LAYOUTS=1 rewrites them).
describe('layout documents', () => {
  for (const codec of listCodecs()) {
    it(`${codec.id}.md matches the codec declaration`, () => {
      const path = join(DEVICES_DIR, `${codec.id}.md`);
      const expected = layoutMarkdown(codec);
      if (process.env.UPDATE_LAYOUTS === '1') writeFileSync(path, expected);
      expect(readFileSync(path, 'utf8')).toBe(expected);
    });
  }
});
