import { defineConfig } from 'vitest/config'

/**
 * Tests that start the whole platform (every service a real process), and those that also
 * drive load (the benchmarks' smoke test, a hundred shoppers at one checkout, PostgreSQL cut
 * under checkouts): a rush measured beside another file is measured on half a machine, and
 * its timeouts fire, so those run alone, last.
 */
const wholePlatform = ['e2e/**/*.test.ts', 'dev/**/*.test.ts']
const underLoad = ['bench/**/*.test.ts', 'e2e/src/checkout.test.ts', 'e2e/src/database-outage.test.ts']

const shared = {
  exclude: ['**/node_modules/**', '.data/**'],
  globalSetup: ['services/kit/src/testing/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  teardownTimeout: 30_000,
}

export default defineConfig({
  test: {
    projects: [
      {
        // the unit and service files mostly wait on the processes and databases they
        // start: two at a time (vitest's default on CI's two cores is one). Each worker
        // keeps the modules it has loaded for its next file (isolate: false): loading the
        // kit, Hono, drizzle and zod again for every file was most of the work (152 s for
        // these files, 103 s without it). What a file changes it puts back (its servers,
        // databases and spies end with it), and the services keep their state in what
        // createApp makes, not in modules.
        test: {
          ...shared,
          name: 'services',
          include: ['**/*.test.ts'],
          exclude: [...shared.exclude, ...wholePlatform, ...underLoad],
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // then the whole-platform files, two at a time: most wait on their processes more
        // than they use the cores (two browser files side by side take twice as long each,
        // which gains nothing and costs nothing)
        test: {
          ...shared,
          name: 'platform',
          include: wholePlatform,
          exclude: [...shared.exclude, ...underLoad],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // last, one at a time: the files that drive load
        test: { ...shared, name: 'load', include: underLoad, maxWorkers: 1, sequence: { groupOrder: 2 } },
      },
    ],
  },
})
