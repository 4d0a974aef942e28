import type { Sql } from 'postgres'
import {
  createServiceApp,
  createServiceVerifier,
  type HealthOptions,
  type LiveConfig,
  type Logger,
  type Metrics,
  type ServiceClient,
  type TokenVerifier,
} from '@shopfront/kit'
import { neighboursOverHttp, type Neighbours } from './neighbours.ts'
import { openApiDocument } from './openapi.ts'
import type { SupportSettings } from './settings.ts'
import { createTicketsRepo } from './tickets/tickets.repo.ts'
import { ticketRoutes } from './tickets/tickets.routes.ts'
import { createTicketService } from './tickets/tickets.service.ts'

export interface SupportDeps {
  sql: Sql
  config: LiveConfig<SupportSettings>
  logger: Logger
  metrics?: Metrics
  health?: HealthOptions
  client?: (service: string) => ServiceClient
  /** users and sales; by default over HTTP through the kit's client. */
  neighbours?: Neighbours
  verifier?: TokenVerifier
}

/**
 * The support service: customer-service tickets tied to users and orders.
 *
 * @example
 *   const app = createApp({ sql, config, logger, client })
 */
export function createApp({ sql, config, logger, metrics, health, client, neighbours, verifier }: SupportDeps) {
  const tokens = verifier ?? createServiceVerifier(client!, config.current.auth)
  const tickets = createTicketsRepo(sql)
  const service = createTicketService({
    sql,
    tickets,
    neighbours: neighbours ?? neighboursOverHttp(client!),
    settings: () => config.current,
  })
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.route('/api/tickets', ticketRoutes({ service, tickets, verifier: tokens }))
  return app
}
