import type { CheckInput, CheckStatus, ServiceEntry } from '../catalog.ts'
import { parseDuration } from '../durations.ts'

type Json = Record<string, unknown>

export class RegistrationError extends Error {}

const statuses = new Set(['passing', 'warning', 'critical'])

/** Reads a PUT /v1/agent/service/register body the way Consul does (field names as its JSON). */
export function parseServiceRegistration(body: Json): {
  service: Omit<ServiceEntry, 'CreateIndex' | 'ModifyIndex'>
  checks: CheckInput[]
} {
  const name = str(body.Name)
  if (!name) throw new RegistrationError('Missing service name')
  const id = str(body.ID) || name
  const tags = Array.isArray(body.Tags) ? body.Tags.map(String) : []
  const port = body.Port === undefined ? 0 : Number(body.Port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RegistrationError('Invalid service port')
  const weights = (body.Weights ?? {}) as Json
  const service = {
    ID: id,
    Service: name,
    Tags: tags,
    Meta: (body.Meta && typeof body.Meta === 'object' ? body.Meta : {}) as Record<string, string>,
    Port: port,
    Address: str(body.Address),
    Weights: { Passing: Number(weights.Passing ?? 1), Warning: Number(weights.Warning ?? 1) },
    EnableTagOverride: Boolean(body.EnableTagOverride),
  }
  const definitions = [
    ...(body.Check ? [body.Check] : []),
    ...(Array.isArray(body.Checks) ? body.Checks : []),
  ] as unknown[]
  if (definitions.some((def) => !def || typeof def !== 'object' || Array.isArray(def)))
    throw new RegistrationError(
      'Request decode failed: each of Check and Checks must be a check definition (an object)',
    )
  const checks = (definitions as Json[]).map((def, i) => {
    const checkId = str(def.CheckID) || (definitions.length === 1 ? `service:${id}` : `service:${id}:${i + 1}`)
    return parseCheck(
      { ...def, CheckID: checkId, Name: str(def.Name) || `Service '${name}' check` },
      { id, name, tags },
    )
  })
  return { service, checks }
}

/** Reads one check definition (from a service registration or PUT /v1/agent/check/register). */
export function parseCheck(def: Json, service?: { id: string; name: string; tags: string[] }): CheckInput {
  const checkId = str(def.CheckID) || str(def.ID) || str(def.Name)
  if (!checkId) throw new RegistrationError('Missing check name')
  const intervalMs = parseDuration(def.Interval)
  const timeoutMs = parseDuration(def.Timeout)
  const ttlMs = parseDuration(def.TTL)
  const deregisterAfterMs = parseDuration(def.DeregisterCriticalServiceAfter)
  const httpUrl = str(def.HTTP)
  if (httpUrl && !intervalMs)
    throw new RegistrationError('Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks')
  if (!httpUrl && ttlMs === undefined) {
    throw new RegistrationError('Invalid check: only HTTP and TTL checks are supported by the development registry')
  }
  const status = str(def.Status) || 'critical'
  if (!statuses.has(status)) throw new RegistrationError(`Invalid check status: "${status}"`)
  const header = (def.Header && typeof def.Header === 'object' ? def.Header : {}) as Record<string, string[]>
  return {
    CheckID: checkId,
    Name: str(def.Name) || checkId,
    Status: status as CheckStatus,
    Notes: str(def.Notes),
    Output: '',
    ServiceID: service?.id ?? str(def.ServiceID),
    ServiceName: service?.name ?? '',
    ServiceTags: service?.tags ?? [],
    Type: httpUrl ? 'http' : 'ttl',
    Interval: httpUrl ? str(def.Interval) : '',
    Timeout: httpUrl ? str(def.Timeout) || '10s' : '',
    spec: {
      http: httpUrl
        ? {
            url: httpUrl,
            method: str(def.Method) || 'GET',
            header,
            body: str(def.Body) || undefined,
            tlsSkipVerify: Boolean(def.TLSSkipVerify),
          }
        : undefined,
      intervalMs,
      timeoutMs: timeoutMs ?? (httpUrl ? 10_000 : undefined),
      ttlMs,
      deregisterAfterMs,
      definition: def,
    },
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
