import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { envName } from '@shopfront/kit'
import { composeConfig, envValues, hasCompose, secretNames } from './compose-config.ts'
import { freshEnv } from './make-env.ts'

const root = join(import.meta.dirname, '..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** The apps of the repository: folder -> registry name. */
function apps(): Record<string, string> {
  const found: Record<string, string> = {
    'config-server': 'config-server',
    gateway: 'gateway',
    'payment-sandbox': 'payment-sandbox',
  }
  for (const dir of readdirSync(join(root, 'services'))) {
    if (dir !== 'kit' && existsSync(join(root, 'services', dir, 'src/main.ts'))) found[`services/${dir}`] = dir
  }
  return found
}

/** Every environment variable the code reads by name, and every one that overrides a setting of `app`. */
function variablesRead(app: string): Set<string> {
  const names = new Set<string>()
  const scan = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'node_modules') scan(path)
      else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        for (const m of read(path).matchAll(/\b(?:process\.env|env)\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!)
      }
    }
  }
  for (const dir of ['config-server/src', 'gateway/src', 'payment-sandbox/src', 'services', 'deploy']) scan(dir)
  const settings = readdirSync(join(root, 'config-server/settings')).filter(
    (f) => f.startsWith('application') || f.startsWith(`${app}.`) || f.startsWith(`${app}-`),
  )
  const keys = (value: unknown, prefix = ''): string[] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
      : [prefix]
  for (const file of settings)
    for (const key of keys(parse(read(`config-server/settings/${file}`)))) names.add(envName(key))
  return names
}

const scratch = mkdtempSync(join(tmpdir(), 'shopfront-compose-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const envFile = join(scratch, 'generated.env')
writeFileSync(envFile, freshEnv(read('.env.example')))
/** A service's published ports, whichever syntax docker-compose printed them in. */
const portsOf = (s: any): { host_ip?: string; target: number }[] =>
  (s.ports ?? []).map((p: any) => {
    if (typeof p !== 'string') return { host_ip: p.host_ip, target: Number(p.target) }
    const parts = p.replace(/\/\w+$/, '').split(':')
    return { host_ip: parts.length === 3 ? parts[0] : undefined, target: Number(parts.at(-1)) }
  })
const dotenv = envValues(readFileSync(envFile, 'utf8'))

describe.skipIf(!hasCompose)(
  'docker-compose.yml (validated with docker-compose config; no Docker engine needed)',
  () => {
    const run = composeConfig(envFile)
    const config = parse(run.stdout ?? '') as { services: Record<string, any> }
    const appServices = () => Object.entries(config.services).filter(([, s]) => s.build)

    it('When docker-compose reads the file, then it accepts it', () => {
      expect(run.stderr).not.toMatch(/ERROR/)
      expect(run.status).toBe(0)
      expect(Object.keys(config.services)).toEqual(expect.arrayContaining(['consul', 'postgres', 'redis', 'mailhog']))
    })

    it('When an app exists in the repository, then it runs in the deployment, built from its own folder', () => {
      const built = Object.fromEntries(appServices().map(([name, s]) => [s.build.args.APP, name]))
      for (const [folder, name] of Object.entries(apps())) expect(built[folder], folder).toBe(name)
    })

    it('When an app container is built, then the context, the Dockerfile and its entry point exist, and the Dockerfile knows every workspace', () => {
      const dockerfile = read('Dockerfile')
      for (const [, s] of appServices()) {
        expect(existsSync(join(s.build.context, s.build.dockerfile))).toBe(true)
        expect(existsSync(join(s.build.context, s.build.args.APP, 'src/main.ts'))).toBe(true)
      }
      for (const workspace of JSON.parse(read('package.json')).workspaces as string[]) {
        const folders = workspace.endsWith('/*')
          ? readdirSync(join(root, workspace.slice(0, -2))).map((d) => `${workspace.slice(0, -2)}/${d}`)
          : [workspace]
        for (const folder of folders)
          if (existsSync(join(root, folder, 'package.json')))
            expect(dockerfile, folder).toContain(`COPY ${folder}/package.json ${folder}/`)
      }
    })

    it('When the deployment sets an environment variable for an app, then the code reads it', () => {
      for (const [name, s] of appServices()) {
        const read = variablesRead(name)
        for (const variable of Object.keys(s.environment ?? {}))
          expect(read.has(variable), `${name}: ${variable}`).toBe(true)
      }
    })

    it('When ports are published or probed, then they are the ones the code listens on', () => {
      const docker = parse(read('config-server/settings/application-docker.yml'))
      const gatewayPort = Number(parse(read('config-server/settings/gateway.yml')).http.port)
      expect(docker.http.port).toBe(gatewayPort)
      expect(portsOf(config.services.gateway).map((p) => p.target)).toEqual([gatewayPort])
      const configPort = Number(/CONFIG_SERVER_PORT \?\? (\d+)/.exec(read('config-server/src/main.ts'))![1])
      expect(Number(config.services['config-server'].environment.CONFIG_SERVER_PORT)).toBe(configPort)
      expect(config.services.gateway.environment.CONFIG_SERVER_URL).toBe(`http://config-server:${configPort}`)
      const registryPort = Number(/REGISTRY_PORT \?\? (\d+)/.exec(read('registry/src/main.ts'))![1])
      expect(portsOf(config.services.consul).map((p) => p.target)).toEqual([registryPort])
      expect(config.services.gateway.environment.CONSUL_HTTP_ADDR).toBe(`consul:${registryPort}`)
      expect(
        portsOf(config.services.mailhog)
          .map((p) => p.target)
          .sort(),
      ).toEqual([1025, 8025])
      // only the gateway (and the consoles) face the outside
      for (const [name, s] of appServices()) if (name !== 'gateway') expect(s.ports, name).toBeUndefined()
    })

    it("When the deployment runs, then every app's spans go to Jaeger's OTLP/HTTP receiver, listening beyond its own container, and nothing waits for it", () => {
      const jaeger = config.services.jaeger
      expect(jaeger.command.join(' ')).toContain('receivers.otlp.protocols.http.endpoint=0.0.0.0:4318')
      expect(portsOf(jaeger).map((p) => p.target)).toEqual([16686])
      for (const [name, s] of appServices()) {
        if (['config-server', 'payment-sandbox', 'backup'].includes(name)) continue // they make no spans
        expect(s.environment.OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe('http://jaeger:4318')
        expect(Object.keys(s.depends_on ?? {}), name).not.toContain('jaeger')
      }
    })

    it('When no .env is given, then docker-compose refuses to run and names the missing secret; no secret has a default', () => {
      const empty = join(scratch, 'empty.env')
      writeFileSync(empty, '')
      const bare = composeConfig(empty)
      expect(bare.status).not.toBe(0)
      expect(bare.stderr).toMatch(/Missing mandatory value[\s\S]*set [A-Z_]+ in \.env/)
      expect(read('docker-compose.yml')).not.toMatch(/\$\{[A-Z_]+:-/)
      // every secret .env.example lists is used, and the generated ones are strong and distinct
      for (const name of secretNames) expect(read('docker-compose.yml'), name).toContain(`\${${name}`)
      const values = secretNames.filter((n) => n !== 'ADMIN_EMAIL').map((n) => dotenv[n]!)
      expect(new Set(values).size).toBe(values.length)
      for (const value of values) expect(value.length).toBeGreaterThanOrEqual(32)
    })

    it('When the deployment runs, then only the gateway listens on the network; the consoles, PostgreSQL and Redis on 127.0.0.1', () => {
      for (const [name, s] of Object.entries(config.services)) {
        for (const port of portsOf(s)) {
          if (name === 'gateway') expect(port.host_ip ?? '0.0.0.0').toBe('0.0.0.0')
          else expect(port.host_ip, `${name}:${port.target}`).toBe('127.0.0.1')
        }
      }
      for (const name of ['consul', 'mailhog', 'jaeger', 'postgres', 'redis'])
        expect(portsOf(config.services[name]).length, name).toBeGreaterThan(0)
      expect(config.services.gateway.environment.NODE_ENV).toBeUndefined() // the image sets production
      expect(read('Dockerfile')).toMatch(/ENV NODE_ENV=production/)
    })

    it('When apps reach Consul and the config server, then each has its own tokens, and Consul denies what no token allows', () => {
      const hcl = read('deploy/consul/consul.hcl')
      expect(hcl).toMatch(/acl \{[^}]*enabled\s*=\s*true[^}]*default_policy\s*=\s*"deny"/s)
      expect(config.services.consul.command.join(' ')).toContain(
        `"initial_management": "${dotenv.CONSUL_MANAGEMENT_TOKEN}"`,
      )
      const clientTokens = Object.fromEntries(
        config.services['config-server'].environment.CONFIG_CLIENT_TOKENS.split(',').map((pair: string) =>
          pair.split(/=(.*)/s).slice(0, 2),
        ),
      )
      const bootstrapped: string[] = config.services['consul-acl'].command
      for (const [name, s] of appServices()) {
        if (name === 'payment-sandbox' || name === 'backup') continue // they reach neither
        const env = s.environment
        const consulVar = `CONSUL_TOKEN_${name.toUpperCase().replace(/-/g, '_')}`
        expect(env.CONSUL_HTTP_TOKEN, name).toBe(dotenv[consulVar])
        expect(bootstrapped, name).toContain(name)
        expect(config.services['consul-acl'].environment[consulVar], name).toBe(dotenv[consulVar])
        if (name === 'config-server') continue
        expect(env.CONFIG_TOKEN, name).toBe(dotenv[`CONFIG_TOKEN_${name.toUpperCase()}`])
        expect(clientTokens[name], name).toBe(env.CONFIG_TOKEN)
        expect(s.depends_on['consul-acl'].condition, name).toBe('service_completed_successfully')
      }
    })
  },
)

describe('deploy/consul/acl-bootstrap.sh', () => {
  /** Runs the script with a `consul` on PATH that records its calls and answers like Consul does for a new cluster. */
  const bootstrap = (apps: string[], existing = false) => {
    const bin = mkdtempSync(join(scratch, 'bin-'))
    const log = join(bin, 'calls.log')
    writeFileSync(
      join(bin, 'consul'),
      `#!/bin/sh\nargs="$*"\nfor a in "$@"; do case "$a" in @*) args="$args RULES[$(cat "\${a#@}" | tr '\\n' ' ')]";; esac; done\necho "$CONSUL_HTTP_TOKEN $args" >> ${log}\ncase "$*" in *" read "*) ${existing ? 'exit 0' : 'exit 1'};; esac\nexit 0\n`,
    )
    chmodSync(join(bin, 'consul'), 0o755)
    const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, CONSUL_HTTP_TOKEN: 'management' }
    for (const app of apps) env[`CONSUL_TOKEN_${app.toUpperCase().replace(/-/g, '_')}`] = `token-of-${app}`
    const run = spawnSync('sh', [join(root, 'deploy/consul/acl-bootstrap.sh'), ...apps], { encoding: 'utf8', env })
    return { run, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] }
  }

  it('When it runs on a new cluster, then each app gets a policy writing only its own service and its own keys, and a token with its secret', () => {
    expect(spawnSync('sh', ['-n', join(root, 'deploy/consul/acl-bootstrap.sh')]).status).toBe(0)
    const { run, calls } = bootstrap(['users', 'config-server'])
    expect(run.status, run.stderr).toBe(0)
    const created = calls.filter((c) => c.includes('acl policy create'))
    expect(created).toHaveLength(2)
    expect(created[0]).toMatch(
      /-name shopfront-users .*RULES\[service "users" \{ policy = "write" \} service_prefix "" \{ policy = "read" \} node_prefix "" \{ policy = "read" \} key_prefix "shopfront\/" \{ policy = "read" \} key_prefix "shopfront\/users\/" \{ policy = "write" \}/,
    )
    expect(created[1]).toContain('service "config-server" { policy = "write" }')
    expect(calls.filter((c) => c.startsWith('management acl token create'))).toEqual([
      expect.stringContaining('-secret token-of-users -policy-name shopfront-users'),
      expect.stringContaining('-secret token-of-config-server -policy-name shopfront-config-server'),
    ])
  })

  it('When it runs again, then it updates the policies and creates no second token; a missing secret stops it', () => {
    const { run, calls } = bootstrap(['users'], true)
    expect(run.status).toBe(0)
    expect(calls.some((c) => c.includes('acl policy update -name shopfront-users'))).toBe(true)
    expect(calls.some((c) => c.includes('acl token create'))).toBe(false)
    const missing = spawnSync('sh', [join(root, 'deploy/consul/acl-bootstrap.sh'), 'users'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, CONSUL_HTTP_TOKEN: 'm' },
    })
    expect(missing.status).not.toBe(0)
  })
})
