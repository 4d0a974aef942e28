/** Load tools from the machine (Debian's wrk and nginx): the benchmarks measure with them, they do not reimplement them. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** The `p`th percentile (0 to 100) of latencies sorted from the fastest (0 for none). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

/** Which of `tools` this machine lacks. */
export const missingTools = (...tools: string[]) => tools.filter((t) => spawnSync('which', [t]).status !== 0)

export function requireTools(...tools: string[]) {
  const missing = missingTools(...tools)
  if (missing.length) {
    console.error(
      `error: the benchmark needs ${missing.join(', ')} (Debian: apt-get install ${missing.map((t) => (t === 'nginx' ? 'nginx-light' : t)).join(' ')})`,
    )
    process.exit(1)
  }
}

const ms = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit]!

/** Closed-loop maximum: wrk with 64 connections for `seconds` (a Lua script can vary the requests). */
export function maxThroughput(url: string, headers: Record<string, string> = {}, seconds = 5, luaScript?: string) {
  const args = [
    '-t1',
    '-c64',
    `-d${seconds}s`,
    '--latency',
    ...(luaScript ? ['-s', luaScript] : []),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ]
  return parseWrk(spawnSync('wrk', args, { encoding: 'utf8' }).stdout)
}

function parseWrk(out: string) {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  // answers that were not 2xx/3xx, connections refused, and requests unanswered within wrk's 2 s
  const socket = /Socket errors: connect (\d+), read \d+, write \d+, timeout (\d+)/.exec(out)
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(socket?.[1] ?? 0) + Number(socket?.[2] ?? 0)
  const p = (q: string) => {
    const m = new RegExp(`${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    return m ? ms(m[1]!, m[2]!) : NaN
  }
  return { rps, p50: p('50'), p99: p('99'), errors }
}

const thinkTime = join(import.meta.dirname, 'think-time.lua')

/**
 * Latency at a fixed total rate: wrk with one connection per 100 requests a second, each
 * waiting a random think time (mean connections / rate) before each request, so arrivals
 * are spread out as independent clients' are. (hey's workers tick in step: every tick is a
 * burst of one request per worker, and its latencies measure how long a burst takes to
 * drain.) Each connection waits for its answer, so a server slower than the rate is sent
 * less: the achieved rate is part of the result.
 */
export function latencyAtRate(url: string, rate: number, headers: Record<string, string> = {}, seconds = 5) {
  const connections = Math.min(512, Math.max(8, Math.ceil(rate / 100)))
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    thinkTime,
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ]
  const out = spawnSync('wrk', args, {
    encoding: 'utf8',
    env: { ...process.env, WRK_MEAN_MS: String((connections / rate) * 1000) },
  }).stdout
  if (process.env.BENCH_VERBOSE) console.log(out)
  return parseWrk(out)
}
