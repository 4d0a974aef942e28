import type Consul from 'consul'

/** What Consul's /v1/health/service/:name answers for one instance (the fields read here). */
interface HealthEntry {
  Node: { Address: string }
  Service: { ID: string; Address: string; Port: number }
  Checks: { ServiceID: string; Name: string; Status: string; Output: string }[]
}

/**
 * Every registered service, its instances and their checks, read from the registry: the
 * one place to see the platform's health.
 */
export async function servicesHealth(consul: Consul) {
  const names = Object.keys((await consul.catalog.service.list()) as Record<string, string[]>)
    .filter((n) => n !== 'consul')
    .sort()
  const services = await Promise.all(
    names.map(async (name) => {
      const entries = (await consul.health.service(name as never)) as HealthEntry[]
      const instances = entries.map((e) => {
        const checks = e.Checks.filter((ch) => ch.ServiceID === e.Service.ID)
        const status = checks.some((ch) => ch.Status === 'critical')
          ? 'critical'
          : checks.some((ch) => ch.Status === 'warning')
            ? 'warning'
            : 'passing'
        return {
          id: e.Service.ID,
          address: `${e.Service.Address || e.Node.Address}:${e.Service.Port}`,
          status,
          checks: checks.map((ch) => ({ name: ch.Name, status: ch.Status, output: ch.Output })),
        }
      })
      const passing = instances.filter((i) => i.status === 'passing').length
      return { name, status: passing > 0 ? 'up' : 'down', passing, instances }
    }),
  )
  return { status: services.every((s) => s.status === 'up') ? 'up' : 'degraded', services }
}
