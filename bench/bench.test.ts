import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingTools } from './load.ts'

const root = join(import.meta.dirname, '..')

/** Each benchmark, the tools it needs besides Bun, and how many targets it gives a verdict on. */
const benchmarks = [
  { name: 'registry', needs: [], verdicts: 1 },
  { name: 'gateway', needs: ['wrk', 'nginx'], verdicts: 3 },
  { name: 'catalog', needs: ['wrk'], verdicts: 2 },
  { name: 'checkout', needs: [], verdicts: 0 },
  { name: 'web', needs: [], verdicts: 6 },
  { name: 'report', needs: [], verdicts: 2 },
]

/**
 * The benchmarks keep working: each runs for a second of load (too short for its figures
 * to mean anything; `bun run bench` is for those), to the end, with a verdict on every
 * target and its consistency checks (no oversold stock, one e-mail per order) holding.
 * The catalog benchmark once failed at its first reservation, unseen until it was run by hand.
 * CI installs wrk and nginx; a machine without them skips the two that need them.
 */
describe('the benchmarks, a second each', () => {
  for (const { name, needs, verdicts } of benchmarks) {
    const missing = missingTools(...needs)
    it.skipIf(missing.length > 0)(
      `When bench/${name}.ts runs, then it ends cleanly with ${verdicts ? `a verdict on each of its ${verdicts} targets and ` : ''}its checks holding${missing.length ? ` (needs ${missing.join(', ')})` : ''}`,
      async () => {
        // in a process group of its own: if it hangs, it goes with everything it started
        const run = spawn('bun', [join(root, 'bench', `${name}.ts`)], {
          cwd: root,
          env: { ...process.env, BENCH_SECONDS: '1', BENCH_ROUNDS: '1', BENCH_SMOKE: '1' },
          detached: true,
        })
        let out = ''
        let err = ''
        run.stdout.on('data', (chunk) => (out += chunk))
        run.stderr.on('data', (chunk) => (err += chunk))
        const hung = setTimeout(() => run.pid && process.kill(-run.pid, 'SIGKILL'), 170_000)
        const code = await new Promise((resolve) => run.on('close', resolve))
        clearTimeout(hung)
        expect(code, `${out}\n${err}`).toBe(0)
        expect(out.match(/target [^\n]*?: (?:met|NOT met)\)/g) ?? [], out).toHaveLength(verdicts)
        expect(out).not.toMatch(/OVERSOLD|INCONSISTENT|DOES NOT|MISSING/)
      },
      180_000,
    )
  }
})
