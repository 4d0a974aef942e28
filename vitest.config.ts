import { defineConfig } from 'vitest/config'

/**
 * Tests that start the whole platform (every service a real process), and the benchmarks'
 * smoke test, which drives load: a rush of shoppers measured beside another file is
 * measured on half a machine, so it runs alone, last.
 */
const wholePlatform = ['e2e/**/*.test.ts', 'dev/**/*.test.ts']
const benchmarks = ['bench/**/*.test.ts']

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
          exclude: [...shared.exclude, ...wholePlatform, ...benchmarks],
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // then the whole-platform files, two at a time: most wait on their processes more
        // than they use the cores (288 s against 331 s one at a time; two browser files side
        // by side take twice as long each, which gains nothing and costs nothing)
        test: { ...shared, name: 'platform', include: wholePlatform, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
      {
        // last, alone; each benchmark starts its own platform and database
        test: {
          ...shared,
          name: 'benchmarks',
          include: benchmarks,
          globalSetup: [],
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
