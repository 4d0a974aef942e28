import { defineConfig } from 'vitest/config'

/**
 * Tests that start the whole platform (every service a real process) or drive load, and the
 * benchmarks' smoke test: each uses both cores by itself, and a rush of shoppers measured
 * beside another of them is measured on half a machine.
 */
const wholePlatform = ['e2e/**/*.test.ts', 'bench/**/*.test.ts', 'dev/**/*.test.ts']

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
          exclude: [...shared.exclude, ...wholePlatform],
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // then the whole-platform files, one at a time
        test: { ...shared, name: 'platform', include: wholePlatform, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
})
