import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { envValues } from './compose-config.ts'

const scratch = mkdtempSync(join(tmpdir(), 'shopfront-secrets-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const secrets = (...args: string[]) =>
  spawnSync('bun', [join(import.meta.dirname, 'make-env.ts'), ...args], { encoding: 'utf8' })
const example = envValues(readFileSync(join(import.meta.dirname, '../.env.example'), 'utf8'))

describe('bun run deploy:secrets (deploy/make-env.ts)', () => {
  it('When it writes a file, then every secret of .env.example has a fresh value, only its owner reads it, and it is never replaced without --force', () => {
    const out = join(scratch, 'secrets.env')
    const first = secrets(`--out=${out}`)
    expect(first.status, first.stderr).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const values = envValues(readFileSync(out, 'utf8'))
    expect(Object.keys(values).sort()).toEqual(Object.keys(example).sort())
    for (const [name, value] of Object.entries(values)) expect(value, name).not.toBe('')
    const again = secrets(`--out=${out}`)
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('exists; keep it, or pass --force')
    expect(envValues(readFileSync(out, 'utf8'))).toEqual(values)
    expect(secrets(`--out=${out}`, '--force').status).toBe(0)
    expect(envValues(readFileSync(out, 'utf8')).POSTGRES_PASSWORD).not.toBe(values.POSTGRES_PASSWORD)
  })

  it('When it is asked for help or given what it does not know, then it says how to use it and writes nothing', () => {
    const out = join(scratch, 'never.env')
    const help = secrets('--help', `--out=${out}`)
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('usage: bun run deploy:secrets')
    const wrong = secrets('--outfile=x', `--out=${out}`)
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toContain('deploy:secrets does not know --outfile=x')
    expect(existsSync(out)).toBe(false)
  })
})
