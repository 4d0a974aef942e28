import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { K8sObject } from './kubernetes-models.ts'
import { containersOf, hasKubectl, read, renderDeploy } from './kubernetes-rendered.ts'

const { objects, named, configMap, remove } = renderDeploy()
afterAll(remove)
const hasPromtool = spawnSync('promtool', ['--version']).status === 0

describe.skipIf(!hasKubectl)('Prometheus and Alertmanager on Kubernetes (deploy/kubernetes/prometheus.yaml)', () => {
  const config = configMap('prometheus-config')?.data ?? {}
  const scrape = parse(config['prometheus.yml'] ?? '{}')
  const jobs = Object.fromEntries(scrape.scrape_configs.map((job: any) => [job.job_name, job]))

  it('When Prometheus runs in the cluster, then it has the rules docker-compose gives it, and Alertmanager its configuration, mailing through the cluster’s MailHog', () => {
    expect(config['prometheus.yml']).toBe(read('deploy/prometheus/prometheus-kubernetes.yml'))
    expect(config['alerts.yml']).toBe(read('deploy/prometheus/alerts.yml'))
    const alerting = configMap('alertmanager-config')?.data['alertmanager.yml']
    expect(alerting).toBe(read('deploy/prometheus/alertmanager.yml'))
    const [host, port] = parse(alerting).global.smtp_smarthost.split(':')
    expect(named('Service', host)?.spec.ports.map((p: { port: number }) => String(p.port))).toContain(port)
    const [target] = scrape.alerting.alertmanagers[0].static_configs[0].targets
    expect(named('Service', 'alertmanager')?.spec.ports[0].port).toBe(Number(target.split(':')[1]))
  })

  it('When it looks for targets, then each app of the image is a name whose every pod it scrapes, on the port the pod listens on, labelled as the alerts expect', () => {
    const apps = objects
      .filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['shopfront/image'] === 'bun')
      .map((o) => o.metadata.name)
      // the card sandbox stands in for the provider, with no metrics
      .filter((name) => name !== 'payment-sandbox')
    const looked = Object.values(jobs).flatMap((job: any) =>
      job.dns_sd_configs.flatMap((sd: any) => sd.names.map((name: string) => ({ name, port: sd.port }))),
    )
    expect(looked.map((l) => l.name).sort()).toEqual(apps.map((app) => `${app}-pods`).sort())
    for (const { name, port } of looked) {
      // headless, ready or not: the DNS name answers with every pod, a failing one too (its scrape fails: InstanceDown)
      const service = named('Service', name) as K8sObject
      expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true })
      const app = service.spec.selector['app.kubernetes.io/name']
      const ports = containersOf(named('Deployment', app) as K8sObject)[0]?.ports?.map((p) => p.containerPort)
      expect(ports, name).toContain(port)
      // relabelled as in docker-compose: `service` is the app, what ServiceMissing watches
      const [relabel] = jobs[app === 'gateway' || app === 'config-server' ? app : 'shopfront'].relabel_configs
      expect(name.replace(new RegExp(`^${relabel.regex}$`), relabel.replacement ?? '$1')).toBe(app)
    }
    const missing = parse(read('deploy/prometheus/alerts.yml'))
      .groups.flatMap((g: { rules: { alert: string; expr: string }[] }) => g.rules)
      .find((r: { alert: string }) => r.alert === 'ServiceMissing').expr
    expect([...missing.matchAll(/absent\(up\{service="([\w-]+)"\}\)/g)].map((m) => m[1]).sort()).toEqual(apps.sort())
  })

  it('When it scrapes the gateway and the config server, then the container writes their tokens where the jobs read them: the gateway’s metrics token and Prometheus’ own config-server token', () => {
    const [container] = containersOf(named('Deployment', 'prometheus') as K8sObject)
    const keyOf = (name: string) => container?.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.key
    expect(keyOf('GATEWAY_METRICS_TOKEN')).toBe('GATEWAY_METRICS_TOKEN')
    expect(keyOf('CONFIG_TOKEN')).toBe('CONFIG_TOKEN_PROMETHEUS')
    const script = container?.command?.join(' ') ?? ''
    expect(script).toContain(`"$GATEWAY_METRICS_TOKEN" > ${jobs.gateway.authorization.credentials_file}`)
    expect(script).toContain(`"$CONFIG_TOKEN" > ${jobs['config-server'].authorization.credentials_file}`)
    expect(container?.args).toContain('--config.file=/etc/prometheus/prometheus.yml')
  })

  it.skipIf(!hasPromtool)('When promtool checks the configuration as the cluster mounts it, then it is valid', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shopfront-prometheus-kubernetes-'))
    for (const [file, text] of Object.entries(config)) writeFileSync(join(folder, file), text as string)
    const checked = spawnSync('promtool', ['check', 'config', '--syntax-only', 'prometheus.yml'], {
      cwd: folder,
      encoding: 'utf8',
    })
    rmSync(folder, { recursive: true, force: true })
    expect(checked.stdout + checked.stderr).toContain('SUCCESS')
    expect(checked.status).toBe(0)
  })
})
