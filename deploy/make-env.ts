/**
 * `bun run deploy:secrets`: writes .env for docker-compose with a fresh random value for
 * every secret (.env.example lists them, with what each is for); `--out=deploy/secrets.env`
 * writes the Kubernetes manifests' (deploy/kustomization.yaml). It never overwrites an
 * existing .env: pass --force to replace it (every token and password changes, so the
 * stored data encrypted with the old ENCRYPT_KEY and USERS_KEY_ENCRYPTION_KEY is lost).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
// a path of --out is from the repository's root (where `bun run` runs it), or absolute
const target = resolve(root, args.find((a) => a.startsWith('--out='))?.slice(6) ?? '.env')
const usage = `usage: bun run deploy:secrets [--out=deploy/secrets.env] [--force]
  writes fresh random secrets to .env (docker-compose), or to the --out file (Kubernetes);
  --force replaces an existing file (the data encrypted with its keys is then lost)`
const secret = () => randomBytes(32).toString('base64url')

/** Every `NAME=` line of .env.example, filled: UUIDs for Consul tokens, random text for the rest. */
export function freshEnv(example: string): string {
  return example
    .split('\n')
    .map((line) => {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line)
      if (!m) return line
      const [, name, value] = m
      if (value) return line
      return `${name}=${name!.startsWith('CONSUL_') ? randomUUID() : secret()}`
    })
    .join('\n')
}

if (import.meta.main) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage)
    process.exit(0)
  }
  const unknown = args.filter((a) => a !== '--force' && !a.startsWith('--out='))
  if (unknown.length > 0) {
    console.error(`deploy:secrets does not know ${unknown.join(' ')}\n${usage}`)
    process.exit(2)
  }
  if (existsSync(target) && !args.includes('--force')) {
    console.error(`${target} exists; keep it, or pass --force to replace every secret in it`)
    process.exit(1)
  }
  const text = freshEnv(readFileSync(join(root, '.env.example'), 'utf8'))
  writeFileSync(target, text, { mode: 0o600 })
  const admin = /^ADMIN_PASSWORD=(.*)$/m.exec(text)![1]
  console.log(
    `wrote ${target} (readable by you only). The first admin signs in as ${/^ADMIN_EMAIL=(.*)$/m.exec(text)![1]} with ${admin}`,
  )
}
