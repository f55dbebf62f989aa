import { defineConfig } from 'vitest/config';

const workspaces = ['codecs', 'hardware', 'device-sdk', 'gateway', 'flows', 'test-bench'];

export default defineConfig({
  test: {
    projects: workspaces.map((name) => ({
      test: {
        name,
        root: `./${name}`,
        include: ['test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 120_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
