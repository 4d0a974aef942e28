import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { envName } from '@shopfront/kit'

const root = join(import.meta.dirname, '..')
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0
const read = (path: string) => readFileSync(join(root, path), 'utf8')

/** The apps of the repository: folder -> registry name. */
function apps(): Record<string, string> {
  const found: Record<string, string> = { 'config-server': 'config-server', gateway: 'gateway', 'payment-sandbox': 'payment-sandbox' }
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
  const settings = readdirSync(join(root, 'config-server/settings')).filter((f) => f.startsWith('application') || f.startsWith(`${app}.`) || f.startsWith(`${app}-`))
  const keys = (value: unknown, prefix = ''): string[] =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)) : [prefix]
  for (const file of settings) for (const key of keys(parse(read(`config-server/settings/${file}`)))) names.add(envName(key))
  return names
}

describe.skipIf(!hasCompose)('docker-compose.yml (validated with docker-compose config; no Docker engine needed)', () => {
  const run = spawnSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config'], { encoding: 'utf8', env: { ...process.env, ENCRYPT_KEY: '', CONFIG_TOKEN: '', POSTGRES_PASSWORD: '' } })
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
      const folders = workspace.endsWith('/*') ? readdirSync(join(root, workspace.slice(0, -2))).map((d) => `${workspace.slice(0, -2)}/${d}`) : [workspace]
      for (const folder of folders) if (existsSync(join(root, folder, 'package.json'))) expect(dockerfile, folder).toContain(`COPY ${folder}/package.json ${folder}/`)
    }
  })

  it('When the deployment sets an environment variable for an app, then the code reads it', () => {
    for (const [name, s] of appServices()) {
      const read = variablesRead(name)
      for (const variable of Object.keys(s.environment ?? {})) expect(read.has(variable), `${name}: ${variable}`).toBe(true)
    }
  })

  it('When ports are published or probed, then they are the ones the code listens on', () => {
    const docker = parse(read('config-server/settings/application-docker.yml'))
    const gatewayPort = Number(parse(read('config-server/settings/gateway.yml')).http.port)
    expect(docker.http.port).toBe(gatewayPort)
    expect(config.services.gateway.ports.map((p: any) => Number(p.target))).toEqual([gatewayPort])
    const configPort = Number(/CONFIG_SERVER_PORT \?\? (\d+)/.exec(read('config-server/src/main.ts'))![1])
    expect(Number(config.services['config-server'].environment.CONFIG_SERVER_PORT)).toBe(configPort)
    expect(config.services.gateway.environment.CONFIG_SERVER_URL).toBe(`http://config-server:${configPort}`)
    const registryPort = Number(/REGISTRY_PORT \?\? (\d+)/.exec(read('registry/src/main.ts'))![1])
    expect(config.services.consul.ports.map((p: any) => Number(p.target))).toEqual([registryPort])
    expect(config.services.gateway.environment.CONSUL_HTTP_ADDR).toBe(`consul:${registryPort}`)
    expect(config.services.mailhog.ports.map((p: any) => Number(p.target)).sort()).toEqual([1025, 8025])
    // only the gateway (and the consoles) face the outside
    for (const [name, s] of appServices()) if (name !== 'gateway') expect(s.ports, name).toBeUndefined()
  })

  it('When secrets are not given, then only development defaults are used, and they are the documented ones', () => {
    const readme = read('README.md')
    for (const variable of ['ENCRYPT_KEY', 'CONFIG_TOKEN', 'POSTGRES_PASSWORD']) expect(readme).toMatch(new RegExp(`\\| \`${variable}\` \\|`))
    expect(config.services['config-server'].environment.ENCRYPT_KEY).toBe('shopfront-development-key')
  })
})
