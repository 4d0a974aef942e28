import { Hono } from 'hono'
import type { Catalog, CheckStatus, ServiceEntry } from '../catalog.ts'
import { consulError } from './blocking.ts'
import { parseCheck, parseServiceRegistration, RegistrationError } from './registration.ts'

/** /v1/agent: what the local agent manages: registration, checks and their updates. */
export function agentRoutes(catalog: Catalog) {
  const app = new Hono()
  const ownServices = () => [...catalog.services.values()].filter((s) => s.Service !== 'consul')

  app.get('/self', (c) =>
    c.json({
      Config: {
        Datacenter: catalog.node.Datacenter,
        NodeName: catalog.node.Node,
        NodeID: catalog.node.ID,
        Server: true,
        Version: '1.20.0-shopfront-dev',
      },
      Member: {
        Name: catalog.node.Node,
        Addr: catalog.node.Address,
        Port: 8301,
        Status: 1,
        Tags: { role: 'consul', dc: catalog.node.Datacenter },
      },
    }),
  )
  app.get('/members', (c) =>
    c.json([
      {
        Name: catalog.node.Node,
        Addr: catalog.node.Address,
        Port: 8301,
        Status: 1,
        Tags: { role: 'consul', dc: catalog.node.Datacenter },
      },
    ]),
  )
  app.get('/services', (c) => c.json(Object.fromEntries(ownServices().map((s) => [s.ID, agentService(s, catalog)]))))
  app.get('/service/:id', (c) => {
    const service = catalog.services.get(c.req.param('id'))
    if (!service || service.Service === 'consul') return consulError(c, 404, `unknown service ID: ${c.req.param('id')}`)
    return c.json(agentService(service, catalog))
  })
  app.get('/checks', (c) => c.json(Object.fromEntries([...catalog.checks].map(([id, s]) => [id, s.entry]))))

  app.put('/service/register', async (c) => {
    const body = await jsonBody(c.req.raw)
    if (!body) return consulError(c, 400, 'Request decode failed: invalid JSON')
    try {
      const { service, checks } = parseServiceRegistration(body)
      catalog.registerService(service, checks)
      return c.body(null, 200)
    } catch (err) {
      if (err instanceof RegistrationError) return consulError(c, 400, err.message)
      throw err
    }
  })
  app.put('/service/deregister/:id', (c) => {
    const id = c.req.param('id')
    if (!catalog.deregisterService(id))
      return consulError(
        c,
        404,
        `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`,
      )
    return c.body(null, 200)
  })

  app.put('/check/register', async (c) => {
    const body = await jsonBody(c.req.raw)
    if (!body) return consulError(c, 400, 'Request decode failed: invalid JSON')
    try {
      const serviceId = typeof body.ServiceID === 'string' ? body.ServiceID : ''
      const service = serviceId ? catalog.services.get(serviceId) : undefined
      if (serviceId && !service) return consulError(c, 400, `ServiceID "${serviceId}" does not exist`)
      catalog.registerCheck(parseCheck(body, service && { id: service.ID, name: service.Service, tags: service.Tags }))
      return c.body(null, 200)
    } catch (err) {
      if (err instanceof RegistrationError) return consulError(c, 400, err.message)
      throw err
    }
  })
  app.put('/check/deregister/:id', (c) => {
    if (!catalog.deregisterCheck(c.req.param('id')))
      return consulError(c, 404, `Unknown check ID "${c.req.param('id')}"`)
    return c.body(null, 200)
  })

  const ttlUpdate = (status: CheckStatus) => (c: import('hono').Context) => {
    const id = c.req.param('id') ?? ''
    const state = catalog.checks.get(id)
    if (!state) return consulError(c, 404, `Unknown check ID "${id}"`)
    if (state.spec.ttlMs === undefined) return consulError(c, 500, `CheckID "${id}" does not have associated TTL`)
    catalog.updateCheck(id, status, c.req.query('note') ?? '')
    return c.body(null, 200)
  }
  app.put('/check/pass/:id', ttlUpdate('passing'))
  app.put('/check/warn/:id', ttlUpdate('warning'))
  app.put('/check/fail/:id', ttlUpdate('critical'))
  app.put('/check/update/:id', async (c) => {
    const id = c.req.param('id')
    const body = await jsonBody(c.req.raw)
    const status = body?.Status
    if (status !== 'passing' && status !== 'warning' && status !== 'critical')
      return consulError(c, 400, `Invalid check status: "${String(status)}"`)
    const state = catalog.checks.get(id)
    if (!state) return consulError(c, 404, `Unknown check ID "${id}"`)
    if (state.spec.ttlMs === undefined) return consulError(c, 500, `CheckID "${id}" does not have associated TTL`)
    catalog.updateCheck(id, status, typeof body?.Output === 'string' ? body.Output : '')
    return c.body(null, 200)
  })
  return app
}

function agentService(s: ServiceEntry, catalog: Catalog) {
  const { CreateIndex: _c, ModifyIndex: _m, ...rest } = s
  return { ...rest, Datacenter: catalog.node.Datacenter }
}

async function jsonBody(req: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed = JSON.parse(await req.text())
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}
