import { writeSync } from 'node:fs'
import { currentContext } from './context.ts'

/**
 * One JSON object per line, on stdout. Fields given to `child` appear on every line, and a
 * line logged while a request is served carries its `requestId` and `traceId`.
 *
 * @example
 *   const log = createLogger({ name: 'products' })
 *   log.info('listening', { port: 8081 })
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  child(fields: Record<string, unknown>): Logger
}

export interface LoggerOptions {
  name: string
  level?: LogLevel
  /** Where each JSON line goes (stdout, buffered, by default); `urgent` for warnings and errors. */
  write?: (line: string, urgent: boolean) => void
  fields?: Record<string, unknown>
}

export function createLogger({ name, level = 'info', write = writeStdout, fields = {} }: LoggerOptions): Logger {
  const emit = (lvl: LogLevel, msg: string, extra?: Record<string, unknown>) => {
    if (rank[lvl] < rank[level]) return
    const request = currentContext()
    const entry: Record<string, unknown> = request
      ? {
          time: isoNow(),
          level: lvl,
          service: name,
          msg,
          requestId: request.requestId,
          traceId: request.trace?.traceId,
        }
      : { time: isoNow(), level: lvl, service: name, msg }
    Object.assign(entry, fields, extra)
    // errors sit at the top level of a log call; a replacer function would slow every line down
    for (const key in entry) if (entry[key] instanceof Error) entry[key] = errorFields(entry[key] as Error)
    write(JSON.stringify(entry), rank[lvl] >= rank.warn)
  }
  return {
    debug: (msg, extra) => emit('debug', msg, extra),
    info: (msg, extra) => emit('info', msg, extra),
    warn: (msg, extra) => emit('warn', msg, extra),
    error: (msg, extra) => emit('error', msg, extra),
    child: (more) => createLogger({ name, level, write, fields: { ...fields, ...more } }),
  }
}

// a busy server logs many lines in the same millisecond: the timestamp is formatted once for them
let clock = { ms: 0, iso: '' }
function isoNow() {
  const ms = Date.now()
  if (ms !== clock.ms) clock = { ms, iso: new Date(ms).toISOString() }
  return clock.iso
}

const bufferBytes = 64 * 1024
const flushMs = 50
let pending = ''
let timer: Timer | undefined
function flush() {
  clearTimeout(timer)
  timer = undefined
  if (pending === '') return
  const out = Buffer.from(pending)
  pending = ''
  // synchronous: lines are never lost at exit, nor queued without bound behind a slow reader
  for (let written = 0; written < out.length; ) {
    try {
      written += writeSync(1, out, written)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return // stdout is gone: nothing to tell it
    }
  }
}
process.on('exit', flush)

/**
 * Lines go out together, as nginx's buffered access log does: when 64 KiB are waiting,
 * after 50 ms, at exit, and at once for a warning or an error (what matters after a
 * crash). A write per request line cost the gateway a sixth of its throughput.
 */
function writeStdout(line: string, urgent = false) {
  pending += `${line}\n`
  if (urgent || pending.length >= bufferBytes) flush()
  else timer ??= setTimeout(flush, flushMs)
}

function errorFields(err: Error): Record<string, unknown> {
  // drizzle's failed-query error has the statement's values in its message (password and
  // token hashes, e-mails): the log keeps the statement and the driver's error, not them
  if ('query' in err && 'params' in err) {
    const message = `Failed query: ${String(err.query)}`
    const cause = err.cause instanceof Error ? errorFields(err.cause) : undefined
    return { name: 'DrizzleQueryError', message, cause, stack: err.stack?.replace(err.message, message) }
  }
  return { name: err.name, message: err.message, stack: err.stack }
}

/** A logger that keeps its lines in memory: for tests that assert what was logged. */
export function createMemoryLogger(name = 'test') {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({ name, level: 'debug', write: (line) => lines.push(JSON.parse(line)) })
  return { logger, lines }
}
