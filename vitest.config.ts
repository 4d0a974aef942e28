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
        // start: two at a time (vitest's default on CI's two cores is one)
        test: {
          ...shared,
          name: 'services',
          include: ['**/*.test.ts'],
          exclude: [...shared.exclude, ...wholePlatform],
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
