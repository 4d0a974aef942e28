/** Load tools from the machine (Debian's wrk, hey and nginx): the benchmarks measure with them, they do not reimplement them. */
import { spawnSync } from 'node:child_process'

export function requireTools(...tools: string[]) {
  const missing = tools.filter((t) => spawnSync('which', [t]).status !== 0)
  if (missing.length) {
    console.error(`error: the benchmark needs ${missing.join(', ')} (Debian: apt-get install ${missing.map((t) => (t === 'nginx' ? 'nginx-light' : t)).join(' ')})`)
    process.exit(1)
  }
}

const ms = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit]!

/** Closed-loop maximum: wrk with 64 connections for `seconds` (a Lua script can vary the requests). */
export function maxThroughput(url: string, headers: Record<string, string> = {}, seconds = 5, luaScript?: string) {
  const args = ['-t1', '-c64', `-d${seconds}s`, '--latency', ...(luaScript ? ['-s', luaScript] : []), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url]
  const out = spawnSync('wrk', args, { encoding: 'utf8' }).stdout
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0'
  const p = (q: string) => {
    const m = new RegExp(`${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    return m ? ms(m[1]!, m[2]!) : NaN
  }
  return { rps, p50: p('50'), p99: p('99'), errors: Number(errors) }
}

/**
 * Latency at a fixed total rate: hey, each worker limited to rate/workers per second. hey's
 * workers tick in step, so every tick is a burst of one request per worker: as few workers
 * as the rate needs (about 200 requests a second each) keeps the bursts small.
 */
export function latencyAtRate(url: string, rate: number, headers: Record<string, string> = {}, seconds = 5) {
  const workers = Math.min(50, Math.max(2, Math.ceil(rate / 200)))
  const args = ['-z', `${seconds}s`, '-c', String(workers), '-q', String(Math.max(1, Math.round(rate / workers))), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url]
  const out = spawnSync('hey', args, { encoding: 'utf8' }).stdout
  const p = (q: string) => Number(new RegExp(`${q}% in ([\\d.]+) secs`).exec(out)?.[1] ?? NaN) * 1000
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  const non200 = [...out.matchAll(/\[(\d+)\]\s+(\d+) responses/g)].filter((m) => m[1] !== '200').reduce((n, m) => n + Number(m[2]), 0)
  if (process.env.BENCH_VERBOSE) console.log(out.slice(out.indexOf('Status code distribution')))
  return { rps, p50: p('50'), p99: p('99'), errors: non200 }
}
