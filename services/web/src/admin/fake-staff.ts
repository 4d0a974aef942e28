import { AppError } from '@shopfront/kit'
import { knownOr404, listPage } from '@shopfront/kit/testing'
import { notPlaced } from '@shopfront/sales/contract'
import { subjectOf } from '../shop/fake-users.ts'
import type { Order } from '../shop/schemas.ts'
import type { fakeShop } from '../testing.ts'
import type { Promotion, User } from './schemas.ts'
import { fakeCustomerImport } from './fake-import.ts'
import { fakeSalesReport } from './fake-report.ts'
import type { Staff } from './staff.ts'
import { fakeCatalogStaff } from './fake-catalog-staff.ts'

/**
 * The back office's services as the test's own, over the fake shop's data (its orders,
 * tickets and catalog), with the rules the pages must show: an order moves paid ->
 * shipped -> delivered (anything else is a 409), a return is approved once (the catalog's
 * part: fake-catalog-staff.ts). `calls` records what the pages asked.
 */
export function fakeStaff(shop: Awaited<ReturnType<typeof fakeShop>>) {
  const calls = {
    moves: [] as string[],
    approved: [] as string[],
    stock: [] as number[],
    sent: [] as string[],
    administered: [] as unknown[],
    /** The days the dashboard and the orders list asked sales about, and in which time zone. */
    periods: [] as { from?: string | number; to?: string | number; tz?: string | number }[],
    /** Those a customer import invited. */
    invited: [] as string[],
    /** The pictures uploaded, by id. */
    uploaded: [] as string[],
  }
  const orderOf = (id: string) =>
    knownOr404(
      // by its id, or its number as the e-mails name it (sales takes either, in any case)
      shop.orders.find((o) => o.id === id || o.number === id.toUpperCase()),
      `order ${id}`,
    )
  const promotions: Promotion[] = []
  // the addresses of accounts deleted here, which a customer import passes over (users keeps their digests)
  const erased: string[] = []
  const users: User[] = [
    {
      id: shop.ann.id,
      email: shop.ann.email,
      name: shop.ann.name,
      phone: null,
      shippingAddress: null,
      roles: ['customer'],
      emailVerified: true,
      deletedAt: null,
      disabled: false,
      marketingOptIn: true,
      createdAt: new Date(2026, 0, 1).toISOString(),
    },
    // registered, the e-mailed code not entered yet
    {
      id: '20000000-0000-4000-8000-0000000000b1',
      email: 'newcomer@example.com',
      name: 'Newcomer',
      phone: null,
      shippingAddress: null,
      roles: ['customer'],
      emailVerified: false,
      deletedAt: null,
      disabled: false,
      marketingOptIn: false,
      createdAt: new Date(2026, 0, 2).toISOString(),
    },
    // deleted (by its owner, or an admin at their request): erased in place, closed for good
    {
      id: '20000000-0000-4000-8000-0000000000b2',
      email: 'deleted-20000000-0000-4000-8000-0000000000b2@deleted.invalid',
      name: 'Deleted account',
      phone: null,
      shippingAddress: null,
      roles: ['customer'],
      emailVerified: false,
      deletedAt: new Date(2026, 0, 4).toISOString(),
      disabled: true,
      marketingOptIn: false,
      createdAt: new Date(2026, 0, 3).toISOString(),
    },
  ]
  const staff: Staff = {
    async orderStats(_t, from, to, tz) {
      calls.periods.push({ from, to, tz })
      // as sales counts them: checkouts still pending 5 minutes on, orders whose money is on its way back
      const stalled = shop.orders.filter(
        (o) => o.status === 'pending' && Date.parse(o.createdAt) < Date.now() - 300_000,
      )
      const givingBack = shop.orders.filter((o) => o.pendingStatus)
      return {
        orders: shop.orders.length,
        revenue: shop.orders.reduce((n, o) => n + o.total, 0),
        byStatus: {},
        attention: { stalled: stalled.length, givingBack: givingBack.length },
      }
    },
    async salesReport(_t, period) {
      calls.periods.push(period)
      return fakeSalesReport(shop.orders, period)
    },
    // as sales pages them: the status asked for (or those placed), newest first
    async orders(_t, { status, placed, page = 1, limit = 20, from, to, tz }) {
      if (from || to) calls.periods.push({ from, to, tz })
      const went = (o: { status: Order['status'] }) => placed !== 'true' || !notPlaced.includes(o.status)
      const found = shop.orders.filter((o) => (!status || o.status === status) && went(o)).toReversed()
      return listPage(found, Number(page), Number(limit))
    },
    order: async (_t, id) => orderOf(id),
    async moveOrder(_t, id, move) {
      const order = orderOf(id)
      const from = { shipped: 'paid', delivered: 'shipped' }[move.status]
      if (order.pendingStatus)
        throw new AppError(
          'conflict',
          `Order ${order.number} is being ${order.pendingStatus}; it cannot become ${move.status}.`,
        )
      if (order.status !== from)
        throw new AppError('conflict', `Order ${order.number} is ${order.status}; it cannot be ${move.status}.`)
      order.status = move.status
      if (move.status === 'shipped') order.trackingNumber = move.trackingNumber
      calls.moves.push(`${order.number}:${move.status}`)
    },
    async cancelOrder(_t, id) {
      orderOf(id).status = 'cancelled'
    },
    tickets: async () => ({ items: shop.tickets, total: shop.tickets.length, page: 1, limit: 20 }),
    ticket: (t, id) => shop.shop.ticket(t, id),
    // what support does on an agent's reply: an unassigned ticket theirs, an open one in progress, both in the history
    async replyToTicket(token, id, body) {
      const actor = subjectOf(token)
      const ticket = await shop.shop.ticket('', id)
      const at = new Date().toISOString()
      ticket.messages?.push({ id: 99, authorId: actor, authorRole: 'agent', body, createdAt: at })
      if (!ticket.assigneeId)
        ticket.history?.push({ kind: 'changed', detail: JSON.stringify({ assigneeId: actor }), actor, at })
      if (ticket.status === 'open')
        ticket.history?.push({ kind: 'status', detail: 'open -> in_progress (agent replied)', actor, at })
      Object.assign(ticket, {
        status: ticket.status === 'open' ? 'in_progress' : ticket.status,
        assigneeId: ticket.assigneeId ?? actor,
      })
    },
    // recorded in the history as support records it: an assignment or priority as JSON, a status as a move
    async changeTicket(token, id, { status, ...rest }) {
      const actor = subjectOf(token)
      const ticket = await shop.shop.ticket('', id)
      const at = new Date().toISOString()
      if (Object.keys(rest).length > 0)
        ticket.history?.push({ kind: 'changed', detail: JSON.stringify(rest), actor, at })
      if (status) ticket.history?.push({ kind: 'status', detail: `${ticket.status} -> ${status}`, actor, at })
      Object.assign(ticket, rest, status ? { status } : {})
    },
    async approveReturn(token, id) {
      const ticket = await shop.shop.ticket('', id)
      if (ticket.resolution) return
      const detail = `${ticket.status} -> resolved (return_approved)`
      ticket.history?.push({ kind: 'status', detail, actor: subjectOf(token), at: new Date().toISOString() })
      Object.assign(ticket, { status: 'resolved', resolution: 'return_approved' })
      calls.approved.push(id)
    },
    importCustomers: async (_t, rows, invite) => fakeCustomerImport({ users, erased }, rows, invite, calls.invited),
    ...fakeCatalogStaff(shop, calls),
    ...shop.reviews.staff,
    promotions: async () => ({ items: promotions, total: promotions.length, limit: 20 }),
    promotion: async (_t, id) =>
      promotions.find((p) => p.id === id) ?? Promise.reject(new AppError('not_found', 'No such promotion.')),
    async createPromotion(_t, input) {
      const p: Promotion = {
        id: crypto.randomUUID(),
        minOrder: 0,
        startsAt: null,
        endsAt: null,
        maxRedemptions: null,
        ...input,
        redemptions: 0,
        active: true,
        createdAt: new Date().toISOString(),
        campaign: { status: 'draft', recipients: null, queued: 0, startedAt: null, finishedAt: null },
      }
      promotions.push(p)
      return p
    },
    async sendCampaign(_t, id) {
      calls.sent.push(id)
    },
    previewCampaign: async (_t, id) => ({ subject: 'Preview', html: `<p style="color:red">Preview of ${id}</p>` }),
    // as users lists them: a role asked for
    users: async (_t, { role }) => {
      const found = users.filter((u) => !role || u.roles.includes(role as User['roles'][number]))
      return { items: found, total: found.length, limit: 20 }
    },
    user: async (_t, id) =>
      users.find((u) => u.id === id) ?? Promise.reject(new AppError('not_found', 'No such user.')),
    async administer(_t, id, change) {
      calls.administered.push(change)
      return Object.assign(await staff.user('', id), change)
    },
    // as users does: a customer's account erased in place, a staff account refused
    async deleteUser(_t, id) {
      const user = await staff.user('', id)
      if (user.deletedAt) throw new AppError('not_found', 'No such user.')
      if (user.roles.some((r) => r !== 'customer'))
        throw new AppError(
          'conflict',
          'A staff account is not deleted: an admin disables it, or takes its staff roles first.',
        )
      erased.push(user.email)
      Object.assign(user, { name: 'Deleted account', email: `deleted-${id}@deleted.invalid`, disabled: true })
      user.deletedAt = new Date().toISOString()
    },
    health: async () => ({
      status: 'up',
      services: [
        {
          name: 'products',
          status: 'up',
          passing: 1,
          instances: [{ id: 'products-1', address: '127.0.0.1:1', status: 'passing' }],
        },
      ],
    }),
    outbox: async (service) => (service === 'sales' ? { pending: 2, dead: 0 } : { pending: 0, dead: 0 }),
  }
  return { staff, calls }
}
