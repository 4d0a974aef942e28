import { StartupError } from '@shopfront/kit'

/**
 * How many instances of each app `bun start` runs: `--replicas products=2,sales=2` (or
 * REPLICAS in the environment), one of each otherwise. The gateway has one port: one
 * gateway. A name that is not an app of the platform is an error, not a silent one.
 */
export function replicasFrom(argv: string[], env: string | undefined, apps: string[]): Map<string, number> {
  const at = argv.findIndex((a) => a === '--replicas' || a.startsWith('--replicas='))
  const flag = argv[at]
  const text =
    flag === undefined ? (env ?? '') : flag.includes('=') ? flag.slice('--replicas='.length) : (argv[at + 1] ?? '')
  const counts = new Map(apps.map((a) => [a, 1]))
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, n] = part.split('=')
    const count = Number(n)
    if (!name || !counts.has(name))
      throw new StartupError(`--replicas: ${name ?? part} is not an app of this platform (${apps.join(', ')})`)
    if (!Number.isInteger(count) || count < 1 || count > 8)
      throw new StartupError(`--replicas: ${part}: say how many instances, 1 to 8 (e.g. products=2)`)
    if (name === 'gateway' && count > 1) throw new StartupError('--replicas: the gateway has one port, so one gateway')
    counts.set(name, count)
  }
  return counts
}
