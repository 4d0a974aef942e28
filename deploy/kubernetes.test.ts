import { spawnSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { composeConfig, hasCompose } from './compose-config.ts'
import { type Container, type K8sObject, unknownFields, validatorOf } from './kubernetes-models.ts'
import { containersOf, hasKubectl, read, renderDeploy, root } from './kubernetes-rendered.ts'

const { scratch, kustomize, secretsText, secrets, run, objects, named, configMap, remove } = renderDeploy()
afterAll(remove)

/** The variables a value names as $(NAME), which the kubelet expands from the container's earlier ones. */
const references = (text: string) => [...text.matchAll(/\$\((\w+)\)/g)].map((m) => m[1] as string)

/** A container's environment as it runs: secrets filled in and $(NAME) expanded, as the kubelet does. */
function environmentOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {}
  for (const e of container.env ?? []) {
    const key = e.valueFrom?.secretKeyRef?.key
    env[e.name] = key
      ? (secrets[key] ?? `<no ${key}>`)
      : (e.value ?? '').replace(/\$\((\w+)\)/g, (_, n) => env[n] ?? '')
  }
  return env
}

describe.skipIf(!hasKubectl)('deploy/kustomization.yaml (rendered with kubectl kustomize; no cluster needed)', () => {
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
  /** The pod's init containers (deploy/wait-for.ts), then its containers. */
  const everyContainerOf = (o: K8sObject): Container[] => [
    ...(o.spec.template.spec.initContainers ?? []),
    ...containersOf(o),
  ]
  const fromImage = workloads.filter((o) => o.metadata.labels?.['shopfront/image'] === 'bun')
  const compose = hasCompose
    ? (parse(composeConfig(join(scratch, 'secrets.env')).stdout) as { services: Record<string, any> })
    : undefined

  it('When each rendered object is checked against the Kubernetes API schemas (kubernetes-models, offline), then it is valid and has no field they do not know', async () => {
    const invalid: string[] = []
    for (const o of objects) {
      const validate = await validatorOf(o)
      try {
        validate(o)
      } catch (err) {
        invalid.push(`${o.kind} ${o.metadata.name}: ${(err as Error).message}`)
      }
      for (const field of unknownFields(validate, o)) invalid.push(`${o.kind} ${o.metadata.name}: unknown ${field}`)
    }
    expect(objects.length).toBeGreaterThan(20)
    expect(invalid).toEqual([])
    // a misspelt field is found where the schemas alone let it pass
    const gateway = structuredClone(named('Deployment', 'gateway') as K8sObject)
    const [app] = gateway.spec.template.spec.containers
    app.readinesProbe = app.readinessProbe
    gateway.spec.replica = 3
    expect(unknownFields(await validatorOf(gateway), gateway).sort()).toEqual([
      '/spec/replica',
      '/spec/template/spec/containers/0/readinesProbe',
    ])
  })

  it('When kubectl renders deploy/, then it accepts it; without secrets.env it refuses, naming the file', () => {
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(
      objects.every((o) => o.metadata.name && (o.kind === 'Namespace' || o.metadata.namespace === 'shopfront')),
    ).toBe(true)
    rmSync(join(scratch, 'secrets.env'))
    const bare = kustomize()
    writeFileSync(join(scratch, 'secrets.env'), secretsText)
    expect(bare.status).not.toBe(0)
    expect(bare.stderr).toContain('secrets.env')
  })

  it.skipIf(!hasCompose)(
    'When an app runs on Kubernetes, then it runs from its image with the environment docker-compose gives it, and as many replicas or more',
    () => {
      const apps = Object.entries(compose?.services ?? {}).filter(([, s]) => s.build)
      expect(apps.length).toBeGreaterThan(5)
      for (const [name, service] of apps) {
        // the nightly backup is a CronJob on Kubernetes, a container that waits for the night in docker-compose
        const cronJob = named('CronJob', name)
        const deployment = cronJob ? { spec: cronJob.spec.jobTemplate.spec } : named('Deployment', name)
        expect(deployment, name).toBeDefined()
        const [container] = containersOf(deployment as K8sObject)
        expect(container?.image, name).toBe(`shopfront/${name}`)
        const env = environmentOf(container as Container)
        // variables there only to be expanded into others ($(POSTGRES_PASSWORD) in DATABASE_URL, ...)
        const helpers = new Set((container?.env ?? []).flatMap((e) => references(e.value ?? '')))
        // HEALTHCHECK_PORT is for the Dockerfile's HEALTHCHECK; Kubernetes probes the port itself
        const expected = Object.fromEntries(
          Object.entries(service.environment ?? {})
            .filter(([k]) => k !== 'HEALTHCHECK_PORT')
            .map(([k, v]) => [k, String(v)]),
        )
        expect(Object.fromEntries(Object.entries(env).filter(([k]) => !helpers.has(k) || k in expected)), name).toEqual(
          expected,
        )
        expect(deployment?.spec.replicas ?? 1, name).toBeGreaterThanOrEqual(service.deploy?.replicas ?? 1)
      }
    },
  )

  it('When a value names another variable as $(NAME), then that variable comes before it in the same container', () => {
    for (const o of workloads)
      for (const c of everyContainerOf(o)) {
        const seen = new Set<string>()
        for (const e of c.env ?? []) {
          for (const ref of references(e.value ?? '')) expect(seen.has(ref), `${o.metadata.name}: ${e.name}`).toBe(true)
          seen.add(e.name)
        }
        for (const arg of c.args ?? [])
          for (const ref of references(arg)) expect(seen.has(ref), `${o.metadata.name}: ${arg}`).toBe(true)
      }
  })

  it('When containers read secrets, then each key is one of .env.example, each is used, a container gets only the keys it names, and the file stays out of git and images', () => {
    const secret = objects.find((o) => o.kind === 'Secret')
    const keys = Object.keys(secrets)
    expect(Object.keys(secret?.data ?? {}).sort()).toEqual([...keys].sort())
    const used = new Set<string>()
    for (const o of workloads)
      for (const c of everyContainerOf(o))
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef
          if (!ref) continue
          expect(ref.name).toBe(secret?.metadata.name)
          expect(keys, `${o.metadata.name}: ${ref.key}`).toContain(ref.key)
          used.add(ref.key)
        }
    expect([...used].sort()).toEqual([...keys].sort())
    expect(read('deploy/kubernetes/apps.yaml') + read('deploy/kubernetes/app-defaults.yaml')).not.toMatch(/envFrom/)
    // the file of secrets stays out of git and out of every image (the Dockerfile copies the tree)
    expect(spawnSync('git', ['check-ignore', '-q', 'deploy/secrets.env'], { cwd: root }).status).toBe(0)
    expect(read('.dockerignore')).toMatch(/^\*\*\/secrets\.env$/m)
  })

  it('When a container of the Dockerfile image runs, then it is not root, gains no privilege, holds no capability, and its probes ask the port it listens on', () => {
    expect(fromImage.map((o) => o.metadata.name).sort()).toEqual(
      ['cart', 'config-server', 'gateway', 'payment-sandbox', 'products', 'sales', 'support', 'users', 'web'].sort(),
    )
    for (const o of fromImage) {
      const pod = o.spec.template.spec
      expect(pod.securityContext, o.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 })
      for (const c of everyContainerOf(o))
        expect(c.securityContext, `${o.metadata.name}: ${c.name}`).toEqual({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        })
      for (const c of containersOf(o)) {
        const env = environmentOf(c)
        const port = Number(
          env.CONFIG_SERVER_PORT ??
            env.SANDBOX_PORT ??
            parse(read('config-server/settings/application-docker.yml')).http.port,
        )
        expect(
          c.ports?.map((p) => p.containerPort),
          o.metadata.name,
        ).toEqual([port])
        expect(c.livenessProbe?.httpGet, o.metadata.name).toEqual({ path: '/health/live', port })
        expect(c.readinessProbe?.httpGet?.port, o.metadata.name).toBe(port)
      }
    }
  })

  it("When the nightly backup runs, then it is the repository image's backup command, one run at a time, keeping 14 on a claim of its own, locked down as the image's other containers, reaching the database as the services do", () => {
    const cron = named('CronJob', 'backup') as K8sObject
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' })
    const pod = cron.spec.jobTemplate.spec.template.spec
    const users = named('Deployment', 'users') as K8sObject
    expect(pod.securityContext).toEqual(users.spec.template.spec.securityContext)
    const [backup] = pod.containers as [Container & { command: string[]; image: string; volumeMounts: unknown[] }]
    expect(backup.image).toBe('shopfront/backup')
    expect(backup.command).toEqual(['bun', 'backup/src/main.ts', 'backup', '--keep', '14'])
    expect(read('backup/package.json')).toContain('@shopfront/backup')
    expect(backup.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } })
    // where the command writes by default: backups/ at the root of the image's tree (/app)
    expect(backup.volumeMounts).toEqual([{ name: 'backups', mountPath: '/app/backups' }])
    expect(named('PersistentVolumeClaim', pod.volumes[0].persistentVolumeClaim.claimName)).toBeDefined()
    expect(backup.env?.map((e) => e.name)).toEqual(['POSTGRES_PASSWORD', 'DATABASE_URL'])
    expect(environmentOf(backup).DATABASE_URL).toBe(environmentOf(containersOf(users)[0] as Container).DATABASE_URL)
  })

  it.skipIf(!hasCompose)(
    'When the platform starts, then each pod of the image first waits for what docker-compose makes it wait for, at the address its Service has',
    () => {
      // the image has the script (the Dockerfile copies the tree but what .dockerignore names)
      expect(read('.dockerignore')).not.toMatch(/^(\*\*\/)?(deploy|wait-for)/m)
      for (const o of fromImage) {
        const name = o.metadata.name
        const waits = (o.spec.template.spec.initContainers ?? []) as Container[]
        const dependsOn = Object.keys(compose?.services[name]?.depends_on ?? {})
        // the payment provider is an external API in production: sales reaches it at checkout
        // through its breaker, and its readiness says when it is not there
        const needed = dependsOn.filter((d) => d !== 'payment-sandbox')
        if (needed.length === 0) {
          expect(waits, name).toEqual([])
          continue
        }
        expect(waits.map((c) => c.name)).toEqual(['wait'])
        const [wait] = waits as [Container]
        expect(wait.command, name).toEqual(['bun', 'deploy/wait-for.ts'])
        const targets = (wait.args ?? []).filter((a, i, all) => a !== '--header' && all[i - 1] !== '--header')
        // tcp://host:port read as a URL too
        const urls = targets.map((t) => new URL(t.replace(/^tcp:/, 'http:')))
        // the ACL job's tokens are in Consul once the config server, which waits for its own, is up
        const reached = needed
          .filter((d) => !(d === 'consul-acl' && needed.includes('config-server')))
          .map((d) => (d === 'consul-acl' ? 'consul' : d))
        expect(urls.map((u) => u.hostname).sort(), name).toEqual(reached.sort())
        for (const [i, url] of urls.entries()) {
          const target = targets[i] as string
          const service = named('Service', url.hostname)
          expect(
            service?.spec.ports.map((p: { port: number }) => p.port),
            target,
          ).toContain(Number(url.port))
          // a Bun app is up when it is live (compose's healthcheck); Consul when it knows the pod's token
          if (target.startsWith('http://consul:')) {
            expect(url.pathname).toBe('/v1/acl/token/self')
            expect(wait.args).toContain('X-Consul-Token: $(CONSUL_HTTP_TOKEN)')
            const app = environmentOf(containersOf(o)[0] as Container)
            expect(environmentOf(wait).CONSUL_HTTP_TOKEN, name).toBe(app.CONSUL_HTTP_TOKEN)
          } else if (target.startsWith('http')) expect(url.pathname, target).toBe('/health/live')
        }
      }
    },
  )

  it('When the platform is deployed, then only the gateway is reachable from outside the cluster, and every Service selects pods that exist', () => {
    const services = objects.filter((o) => o.kind === 'Service')
    expect(services.filter((s) => (s.spec.type ?? 'ClusterIP') !== 'ClusterIP').map((s) => s.metadata.name)).toEqual([
      'gateway',
    ])
    for (const s of services) {
      const target = workloads.find(
        (w) =>
          w.spec.template?.metadata?.labels?.['app.kubernetes.io/name'] === s.spec.selector['app.kubernetes.io/name'],
      )
      expect(target, s.metadata.name).toBeDefined()
      const ports = containersOf(target as K8sObject).flatMap((c) => c.ports?.map((p) => p.containerPort) ?? [])
      for (const p of s.spec.ports) expect(ports, `${s.metadata.name}:${p.targetPort}`).toContain(p.targetPort)
    }
  })

  it('When traffic comes from outside the namespace, then only the gateway port takes it; a drain leaves a replica of each scaled app', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy')
    const everyPod = policies.find((p) => Object.keys(p.spec.podSelector).length === 0)
    expect(everyPod?.spec.ingress).toEqual([{ from: [{ podSelector: {} }] }])
    const open = policies.filter((p) => p.spec.ingress.some((rule: { from?: unknown }) => !rule.from))
    expect(open.map((p) => p.spec.podSelector.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'gateway' }])
    expect(open[0]?.spec.ingress).toEqual([{ ports: [{ port: 8080 }] }])
    const scaled = workloads.filter((o) => o.kind === 'Deployment' && (o.spec.replicas ?? 1) > 1)
    for (const o of scaled) {
      const budget = objects.find(
        (p) =>
          p.kind === 'PodDisruptionBudget' && p.spec.selector.matchLabels['app.kubernetes.io/name'] === o.metadata.name,
      )
      expect(budget?.spec.minAvailable, o.metadata.name).toBeLessThan(o.spec.replicas)
    }
  })

  it('When pods mount volumes, then each ConfigMap and claim they name is rendered; Consul and PostgreSQL get the files docker-compose mounts', () => {
    for (const o of workloads)
      for (const v of o.spec.template.spec.volumes ?? []) {
        if (v.configMap) expect(named('ConfigMap', v.configMap.name), v.configMap.name).toBeDefined()
        if (v.persistentVolumeClaim)
          expect(named('PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).toBeDefined()
      }
    expect(configMap('consul-config')?.data['consul.hcl']).toBe(read('deploy/consul/consul.hcl'))
    expect(configMap('consul-acl-bootstrap')?.data['acl-bootstrap.sh']).toBe(read('deploy/consul/acl-bootstrap.sh'))
    expect(configMap('postgres-init')?.data['init.sql']).toBe(read('deploy/postgres/init.sql'))
    const job = named('Job', 'consul-acl') as K8sObject
    const bootstrapped = containersOf(job)[0]?.args ?? []
    expect([...bootstrapped].sort()).toEqual(
      fromImage
        .map((o) => o.metadata.name)
        .filter((n) => n !== 'payment-sandbox')
        .sort(),
    )
  })
})
