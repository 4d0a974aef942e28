import { Hono } from 'hono'
import type { Catalog, CheckEntry, ServiceEntry } from '../catalog.ts'
import type { IndexClock } from '../state.ts'
import { blockingQuery, consulError } from './blocking.ts'

/** /v1/health: instances with their checks (blocking), checks by service, node or state. */
export function healthRoutes(catalog: Catalog, clock: IndexClock) {
  const app = new Hono()

  app.get('/service/:name', async (c) => {
    const name = c.req.param('name')
    await blockingQuery(c, clock, () => catalog.indexOf({ service: name }))
    const passingOnly = c.req.query('passing') !== undefined && c.req.query('passing') !== 'false'
    const tags = c.req.queries('tag') ?? []
    const entries = catalog
      .instancesOf(name)
      .filter((s) => tags.every((t) => s.Tags.includes(t)))
      .map((s) => ({ Node: nodeEntry(catalog), Service: s, Checks: [nodeCheck(catalog), ...catalog.checksOf(s.ID)] }))
      .filter((e) => !passingOnly || e.Checks.every((ch) => ch.Status === 'passing'))
    return c.json(entries)
  })

  app.get('/checks/:service', async (c) => {
    const name = c.req.param('service')
    await blockingQuery(c, clock, () => catalog.indexOf({ service: name }))
    return c.json(catalog.instancesOf(name).flatMap((s) => catalog.checksOf(s.ID)))
  })

  app.get('/node/:node', async (c) => {
    await blockingQuery(c, clock, () => catalog.indexOf({ checks: true }))
    if (c.req.param('node') !== catalog.node.Node) return c.json([])
    return c.json([nodeCheck(catalog), ...[...catalog.checks.values()].map((s) => s.entry)])
  })

  app.get('/state/:state', async (c) => {
    const state = c.req.param('state')
    if (!['any', 'passing', 'warning', 'critical'].includes(state))
      return consulError(c, 400, `Invalid state "${state}"`)
    await blockingQuery(c, clock, () => catalog.indexOf({ checks: true }))
    const all: CheckEntry[] = [nodeCheck(catalog), ...[...catalog.checks.values()].map((s) => s.entry)]
    return c.json(all.filter((ch) => state === 'any' || ch.Status === state))
  })
  return app
}

export function nodeEntry(catalog: Catalog) {
  const { ID, Node, Address, Datacenter } = catalog.node
  return {
    ID,
    Node,
    Address,
    Datacenter,
    TaggedAddresses: { lan: Address, wan: Address },
    Meta: { 'consul-network-segment': '' },
    CreateIndex: 1,
    ModifyIndex: 1,
  }
}

/** The node's own check, always passing: the development registry is its own agent. */
export function nodeCheck(catalog: Catalog): CheckEntry {
  return {
    Node: catalog.node.Node,
    CheckID: 'serfHealth',
    Name: 'Serf Health Status',
    Status: 'passing',
    Notes: '',
    Output: 'Agent alive and reachable',
    ServiceID: '',
    ServiceName: '',
    ServiceTags: [],
    Type: '',
    Interval: '',
    Timeout: '',
    ExposedPort: 0,
    Definition: {},
    CreateIndex: 1,
    ModifyIndex: 1,
  }
}

/** A service as /v1/catalog/service lists it: node fields and Service* fields side by side. */
export function catalogService(catalog: Catalog, s: ServiceEntry) {
  const node = nodeEntry(catalog)
  return {
    ID: node.ID,
    Node: node.Node,
    Address: node.Address,
    Datacenter: node.Datacenter,
    TaggedAddresses: node.TaggedAddresses,
    NodeMeta: node.Meta,
    ServiceKind: '',
    ServiceID: s.ID,
    ServiceName: s.Service,
    ServiceTags: s.Tags,
    ServiceAddress: s.Address,
    ServiceWeights: s.Weights,
    ServiceMeta: s.Meta,
    ServicePort: s.Port,
    ServiceEnableTagOverride: s.EnableTagOverride,
    CreateIndex: s.CreateIndex,
    ModifyIndex: s.ModifyIndex,
  }
}
