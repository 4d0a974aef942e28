import type { IndexClock } from './state.ts'

export type CheckStatus = 'passing' | 'warning' | 'critical'

export interface NodeInfo {
  ID: string
  Node: string
  Address: string
  Datacenter: string
}

/** A service instance, with Consul's field names. */
export interface ServiceEntry {
  ID: string
  Service: string
  Tags: string[]
  Meta: Record<string, string>
  Port: number
  Address: string
  Weights: { Passing: number; Warning: number }
  EnableTagOverride: boolean
  CreateIndex: number
  ModifyIndex: number
}

/** How the registry runs a check itself (HTTP) or expects to hear from it (TTL). */
export interface CheckSpec {
  http?: { url: string; method: string; header: Record<string, string[]>; body?: string; tlsSkipVerify: boolean }
  intervalMs?: number
  timeoutMs?: number
  ttlMs?: number
  deregisterAfterMs?: number
  definition: Record<string, unknown>
}

export interface CheckEntry {
  Node: string
  CheckID: string
  Name: string
  Status: CheckStatus
  Notes: string
  Output: string
  ServiceID: string
  ServiceName: string
  ServiceTags: string[]
  Type: string
  Interval: string
  Timeout: string
  ExposedPort: number
  Definition: Record<string, unknown>
  CreateIndex: number
  ModifyIndex: number
}

export interface CheckState {
  entry: CheckEntry
  spec: CheckSpec
  criticalSince?: number
  ttlDeadline?: number
}

export type CheckInput = Omit<CheckEntry, 'Node' | 'CreateIndex' | 'ModifyIndex' | 'ExposedPort' | 'Definition'> & {
  spec: CheckSpec
}

/**
 * Services and checks of the one development node, with the indexes Consul reports:
 * the services table, the checks table, and per service name (what health watches need).
 */
export class Catalog {
  readonly services = new Map<string, ServiceEntry>()
  readonly checks = new Map<string, CheckState>()
  private serviceIndex = 1
  private checkIndex = 1
  private nameIndex = new Map<string, number>()
  private listeners = new Set<(change: { kind: string; id: string }) => void>()

  constructor(
    readonly node: NodeInfo,
    private readonly clock: IndexClock,
    private readonly now: () => number = Date.now,
  ) {}

  /** The index a watch on this service name (or on all services) must move past. */
  indexOf(scope: { service?: string; checks?: boolean } = {}): number {
    if (scope.service !== undefined) return this.nameIndex.get(scope.service) ?? Math.max(this.serviceIndex, 1)
    return scope.checks ? Math.max(this.serviceIndex, this.checkIndex) : this.serviceIndex
  }

  onChange(listener: (change: { kind: string; id: string }) => void) {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  registerService(input: Omit<ServiceEntry, 'CreateIndex' | 'ModifyIndex'>, checks: CheckInput[]) {
    const previous = this.services.get(input.ID)
    const index = this.touch(input.Service, 'services')
    if (previous && previous.Service !== input.Service) this.nameIndex.set(previous.Service, index)
    this.services.set(input.ID, { ...input, CreateIndex: previous?.CreateIndex ?? index, ModifyIndex: index })
    const keep = new Set(checks.map((c) => c.CheckID))
    for (const [id, state] of this.checks) {
      if (state.entry.ServiceID === input.ID && !keep.has(id)) this.checks.delete(id)
    }
    for (const check of checks) this.registerCheck(check, index)
    this.emit('service', input.ID)
  }

  deregisterService(id: string): boolean {
    const service = this.services.get(id)
    if (!service) return false
    this.services.delete(id)
    for (const [checkId, state] of this.checks) if (state.entry.ServiceID === id) this.checks.delete(checkId)
    this.touch(service.Service, 'services')
    this.emit('service', id)
    return true
  }

  registerCheck({ spec, ...input }: CheckInput, index = this.touch(input.ServiceName, 'checks')) {
    const previous = this.checks.get(input.CheckID)
    const sameDefinition = previous && JSON.stringify(previous.spec.definition) === JSON.stringify(spec.definition)
    const status = sameDefinition ? previous.entry.Status : input.Status
    const entry: CheckEntry = {
      ...input,
      Status: status,
      Output: sameDefinition ? previous.entry.Output : input.Output,
      Node: this.node.Node,
      ExposedPort: 0,
      Definition: spec.definition,
      CreateIndex: previous?.entry.CreateIndex ?? index,
      ModifyIndex: index,
    }
    const now = this.now()
    this.checks.set(input.CheckID, {
      entry,
      spec,
      criticalSince: status === 'critical' ? (sameDefinition ? previous.criticalSince : now) : undefined,
      ttlDeadline: spec.ttlMs !== undefined ? now + spec.ttlMs : undefined,
    })
    this.emit('check-registered', input.CheckID)
  }

  deregisterCheck(id: string): boolean {
    const state = this.checks.get(id)
    if (!state) return false
    this.checks.delete(id)
    this.touch(state.entry.ServiceName, 'checks')
    this.emit('check-removed', id)
    return true
  }

  /**
   * Records a check's result. Only a change of status takes a new index (and wakes
   * watchers); a new output alone is kept quietly, as Consul's agent does between syncs.
   */
  updateCheck(id: string, status: CheckStatus, output: string): boolean {
    const state = this.checks.get(id)
    if (!state) return false
    if (state.spec.ttlMs !== undefined) state.ttlDeadline = this.now() + state.spec.ttlMs
    state.entry.Output = output
    if (state.entry.Status === status) return true
    state.entry.Status = status
    state.criticalSince = status === 'critical' ? this.now() : undefined
    state.entry.ModifyIndex = this.touch(state.entry.ServiceName, 'checks')
    this.emit('check-status', id)
    return true
  }

  checksOf(serviceId: string): CheckEntry[] {
    return [...this.checks.values()].filter((s) => s.entry.ServiceID === serviceId).map((s) => s.entry)
  }

  instancesOf(name: string): ServiceEntry[] {
    return [...this.services.values()].filter((s) => s.Service === name)
  }

  private touch(name: string, table: 'services' | 'checks'): number {
    const index = this.clock.tick()
    if (table === 'services') this.serviceIndex = index
    else this.checkIndex = index
    this.nameIndex.set(name, index)
    return index
  }

  private emit(kind: string, id: string) {
    for (const listener of this.listeners) listener({ kind, id })
  }
}
