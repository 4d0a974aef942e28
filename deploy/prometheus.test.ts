import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { composeConfig, hasCompose } from './compose-config.ts'
import { freshEnv } from './make-env.ts'

const root = join(import.meta.dirname, '..')
const folder = join(root, 'deploy/prometheus')
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const has = (tool: string) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0
const run = (tool: string, ...args: string[]) => spawnSync(tool, args, { cwd: folder, encoding: 'utf8' })

type Rule = { alert: string; expr: string }
const rules: Rule[] = parse(read('deploy/prometheus/alerts.yml')).groups.flatMap((g: { rules: Rule[] }) => g.rules)
const prometheus = parse(read('deploy/prometheus/prometheus.yml'))

// PromQL's own words and the labels the rules group and match by
const promql = new Set(['sum', 'max', 'by', 'rate', 'increase', 'histogram_quantile', 'absent', 'and', 'or', 'unless'])
/** The metrics an expression reads: its identifiers, without label matchers, ranges, groupings and functions. */
const metricsOf = (expr: string) =>
  expr
    .replace(/\{[^}]*\}|\[[^\]]*\]|by \([^)]*\)/g, ' ')
    .match(/\b[a-z][a-z0-9_]*\b/g)
    ?.filter((word) => !promql.has(word)) ?? []

describe('metrics and alerts (deploy/prometheus)', () => {
  it('When an alert reads a metric, then an app serves it (a rule on a metric nobody serves would never fire)', () => {
    const sources = [
      'services/kit/src/metrics.ts',
      'services/kit/src/mail/outbox.ts',
      'services/sales/src/app.ts',
      'services/support/src/app.ts',
    ]
    const served = [...sources.map(read), read('gateway/src/app.ts')].join('\n')
    for (const { alert, expr } of rules) {
      const metrics = metricsOf(expr)
      expect(metrics.length, alert).toBeGreaterThan(0)
      for (const metric of metrics) {
        if (metric === 'up') continue // Prometheus' own, per target
        const name = metric.replace(/_(count|bucket|sum)$/, '') // a histogram's series
        expect(served, `${alert}: ${metric}`).toContain(`'${name}'`)
      }
    }
  })

  it.skipIf(!has('promtool'))(
    "When promtool checks the configuration and runs the rules' tests, then the config is valid and each alert fires when it should and only then",
    () => {
      const syntax = run('promtool', 'check', 'config', '--syntax-only', 'prometheus.yml')
      expect(syntax.stdout + syntax.stderr).toContain('SUCCESS')
      expect(syntax.status).toBe(0)
      const checked = run('promtool', 'check', 'rules', 'alerts.yml')
      expect(checked.status, checked.stdout + checked.stderr).toBe(0)
      const tested = run('promtool', 'test', 'rules', 'alerts.test.yml')
      expect(tested.status, tested.stdout + tested.stderr).toBe(0)
      // every alert has a test
      const tests = read('deploy/prometheus/alerts.test.yml')
      for (const { alert } of rules) expect(tests, alert).toContain(`alertname: ${alert}`)
    },
  )

  it.skipIf(!has('amtool'))('When amtool checks the Alertmanager configuration, then it is valid', () => {
    const checked = run('amtool', 'check-config', 'alertmanager.yml')
    expect(checked.status, checked.stdout + checked.stderr).toBe(0)
  })

  it.skipIf(!hasCompose)(
    "When docker-compose runs them, then Prometheus scrapes every app's replicas on its port, the gateway and the config server with their tokens, and Alertmanager mails through MailHog",
    () => {
      const scratch = mkdtempSync(join(tmpdir(), 'shopfront-prometheus-'))
      const env = join(scratch, '.env')
      writeFileSync(env, freshEnv(read('.env.example')))
      const { services } = parse(composeConfig(env).stdout) as { services: Record<string, any> }
      rmSync(scratch, { recursive: true, force: true })
      const port = parse(read('config-server/settings/application-docker.yml')).http.port
      const jobs = Object.fromEntries(prometheus.scrape_configs.map((job: any) => [job.job_name, job]))
      const scraped = Object.values(jobs).flatMap((job: any) => job.dns_sd_configs.flatMap((sd: any) => sd.names))
      const configPort = Number(services['config-server'].environment.CONFIG_SERVER_PORT)
      for (const job of Object.values(jobs) as any[])
        expect(job.dns_sd_configs[0].port, job.job_name).toBe(job.job_name === 'config-server' ? configPort : port)
      // every app but the card sandbox (a stand-in for the provider) and the nightly backup: no metrics
      const apps = Object.keys(services).filter((name) => services[name].build)
      expect(scraped.sort()).toEqual(apps.filter((a) => a !== 'payment-sandbox' && a !== 'backup').sort())
      // and ServiceMissing watches each of them
      const missing = rules.find((r) => r.alert === 'ServiceMissing')?.expr ?? ''
      expect([...missing.matchAll(/absent\(up\{service="([\w-]+)"\}\)/g)].map((m) => m[1]).sort()).toEqual(
        scraped.sort(),
      )
      // the gateway's token, as the container writes it where the gateway job reads it
      const container = services.prometheus
      expect(container.environment.GATEWAY_METRICS_TOKEN).toBe(services.gateway.environment.GATEWAY_METRICS_TOKEN)
      expect(container.entrypoint.join(' ')).toContain(`> ${jobs.gateway.authorization.credentials_file}`)
      // and its own config-server token, one the config server takes (it reads no app's settings)
      const clientTokens = services['config-server'].environment.CONFIG_CLIENT_TOKENS.split(',')
      expect(clientTokens).toContain(`prometheus=${container.environment.CONFIG_TOKEN}`)
      // (docker-compose config prints the file's $$, the shell's $)
      expect(container.entrypoint.join(' ')).toContain(
        `"$$CONFIG_TOKEN" > ${jobs['config-server'].authorization.credentials_file}`,
      )
      const mounted = container.volumes.map((v: any) => (typeof v === 'string' ? v : `${v.source}:${v.target}`))
      for (const file of ['prometheus.yml', 'alerts.yml'])
        expect(
          mounted.some((v: string) => v.includes(`deploy/prometheus/${file}:/etc/prometheus/${file}`)),
          file,
        ).toBe(true)
      expect(prometheus.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093'])
      const alertmanager = parse(read('deploy/prometheus/alertmanager.yml'))
      const [host, smtpPort] = alertmanager.global.smtp_smarthost.split(':')
      expect(services[host]).toBeDefined()
      const published = services.mailhog.ports.map((p: any) =>
        String(p.target ?? p)
          .replace(/\/\w+$/, '')
          .split(':')
          .at(-1),
      )
      expect(published).toContain(smtpPort)
    },
  )
})
