import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.data/**'],
    globalSetup: ['services/kit/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // two files at a time: vitest's default on a two-core machine (CI's) is one, and most of a
    // file's time is spent waiting on the processes, servers and databases it starts: the whole
    // .ci/run took 449 s with two against 557 s with one, one run after the other, all green
    maxWorkers: 2,
  },
})
