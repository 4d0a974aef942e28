import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')

/** Debian's docker-compose is installed: it validates docker-compose.yml without a Docker engine. */
export const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0

/** Every secret of the deployment: the names .env.example lists. */
export const secretNames = [...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map(
  (m) => m[1] as string,
)

/**
 * `docker-compose config` of docker-compose.yml with `envFile`: the file as docker-compose
 * resolves it. The caller's environment never fills in a secret the file is meant to give.
 */
export function composeConfig(envFile: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !secretNames.includes(k)))
  return spawnSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), '--env-file', envFile, 'config'], {
    encoding: 'utf8',
    env,
  })
}

/** The NAME=value lines of an env file, by name. */
export const envValues = (text: string): Record<string, string> =>
  Object.fromEntries(
    text.split('\n').flatMap((l) => (/^[A-Z]/.test(l) ? [l.split(/=(.*)/s).slice(0, 2) as [string, string]] : [])),
  )
