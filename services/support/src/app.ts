import { countedGauge, createServiceApp, forgetForUsers, type ServiceAppDeps } from '@shopfront/kit'
import type { Neighbours } from './neighbours/neighbours.ts'
import { openApiDocument } from './openapi.ts'
import type { SupportSettings } from './settings.ts'
import { approvalRetry } from './tickets/approval-retry.ts'
import { autoCloser } from './tickets/auto-close.ts'
import { createTicketsRepo } from './tickets/tickets.repo.ts'
import { ticketRoutes } from './tickets/tickets.routes.ts'
import { createTicketService } from './tickets/tickets.service.ts'

export interface SupportDeps extends ServiceAppDeps<SupportSettings> {
  /** users and sales (over HTTP through the kit's client, in service.ts). */
  neighbours: Neighbours
}

/**
 * The support service: customer-service tickets tied to users and orders.
 *
 * @example
 *   const app = createApp({ db, config, logger, client })
 */
export function createApp({ db, config, logger, metrics, health, neighbours, verifier: tokens }: SupportDeps) {
  const tickets = createTicketsRepo(db)
  const service = createTicketService({
    tickets,
    neighbours,
    settings: () => config.current,
  })
  // above 0 for long, sales keeps failing to make the refunds agents approved: worth an alert
  countedGauge(
    metrics,
    'support_return_approvals_waiting',
    'Approved returns whose refund sales has not confirmed yet (repeated every half minute)',
    () => tickets.countApprovalsWaiting(),
  )
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.route('/api/tickets', ticketRoutes({ service, tickets, verifier: tokens }))
  // users has a deleted account's address forgotten on its tickets
  app.route(
    '/internal',
    forgetForUsers(tokens, 'contact', (userId) => tickets.forgetCustomer(userId)),
  )
  const closer = autoCloser(tickets, () => config.current.support, logger)
  const approvals = approvalRetry(tickets, service.finishApproval, logger)
  return { app, jobs: [closer, approvals], closer, approvals }
}
