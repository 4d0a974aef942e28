const colors = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92]
const useColor = process.stdout.isTTY && !process.env.NO_COLOR
let next = 0

/** Prints a child's lines behind its name, in a colour of its own; JSON log lines are made readable. */
export function prefixer(name: string, width = 15) {
  const color = colors[next++ % colors.length]
  const label = name.padEnd(width)
  const tag = useColor ? `\x1b[${color}m${label}|\x1b[0m ` : `${label}| `
  return (line: string) => {
    if (line.trim()) process.stdout.write(`${tag + readable(line)}\n`)
  }
}

/**
 * `{"time":..,"level":"info","msg":"listening","url":..}` -> `info  listening url=..`. A line
 * with a request id leaves out its trace id (the request id follows the request as well);
 * background work's lines, which have none, keep it.
 */
export function readable(line: string): string {
  if (!line.startsWith('{')) return line
  try {
    const { time: _t, level, service: _s, msg, traceId, ...rest } = JSON.parse(line)
    if (traceId !== undefined && rest.requestId === undefined) rest.traceId = traceId
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    return [String(level ?? '').padEnd(5), msg, ...fields].join(' ')
  } catch {
    return line
  }
}

/** Splits a byte stream into lines and hands each to `onLine`. */
export async function pipeLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  const decoder = new TextDecoder()
  const reader = stream.getReader()
  let rest = ''
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    rest += decoder.decode(r.value, { stream: true })
    const lines = rest.split('\n')
    rest = lines.pop() ?? ''
    lines.forEach(onLine)
  }
  if (rest) onLine(rest)
}

export const say = (text: string) =>
  process.stdout.write(`${useColor ? '\x1b[1m' : ''}${text}${useColor ? '\x1b[0m' : ''}\n`)
