/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, freeReturns } from '@shopfront/kit'
import { type FormState, freshForm, noticeFrom, pageNumber, submitForm, pageLinks } from '../forms.ts'
import { Field, fieldsOf, PostForm, SelectField, TextAreaField } from '../layout/fields.tsx'
import { dateTime, When } from '../layout/parts.tsx'
import type { PageParts } from '../pages.ts'
import { PagedTable } from '../layout/table.tsx'
import { statusText as orderStatusText, returnWindowOf } from '../orders/order-parts.tsx'
import { accessToken, signInFirst, type WebContext, type WebEnv } from '../session/session.ts'
import { type Order, ticketTypes } from '../shop/schemas.ts'
import { itemsField, ReturnItemsFields, returnItems } from './return-items.tsx'
import { statusText, TicketPage, typeText } from './ticket-page.tsx'

const openForm = z.object({
  type: z.enum(ticketTypes, 'choose what it is about'),
  orderId: z.union([z.literal(''), z.uuid('choose one of your orders')]).transform((v) => v || undefined),
  subject: z.string().trim().min(3, 'a few words (3 characters at least)').max(200),
  message: z.string().trim().min(1, 'tell us what happened').max(10_000),
  items: itemsField,
})
const replyForm = z.object({ body: z.string().trim().min(1, 'write your message').max(10_000) })
const ratingForm = z.object({
  score: z.coerce.number('choose from 1 to 5').int().min(1, 'choose from 1 to 5').max(5, 'choose from 1 to 5'),
  comment: z.string().trim().max(2000).optional(),
})

/** My tickets: the list, opening one (also a return for a delivered order), the conversation, a rating once resolved. */
export function ticketsRoutes({ shop, render, terms }: Pick<PageParts, 'shop' | 'render' | 'terms'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)

  app.get('/', async (c) => {
    const page = pageNumber(c)
    const tickets = await shop.tickets(accessToken(c), page)
    return render(
      c,
      { title: 'Your tickets' },
      <>
        <h1>Your tickets</h1>
        <p>
          <a class="button" href="/tickets/new">
            Ask us something
          </a>
        </p>
        <PagedTable
          caption="Your tickets, newest first"
          found={tickets}
          page={page}
          href={pageLinks('/tickets')}
          empty="No tickets yet: questions, returns, complaints and feedback you send us show here."
          columns={[
            { head: 'Ticket', cell: (t) => <a href={`/tickets/${t.id}`}>{t.number}</a> },
            { head: 'Subject', cell: (t) => `${typeText[t.type]}: ${t.subject}` },
            { head: 'Status', cell: (t) => statusText[t.status] },
            { head: 'Last change', wide: true, cell: (t) => <When at={t.updatedAt} /> },
          ]}
        />
      </>,
    )
  })

  const newTicketPage = async (c: WebContext, token: string, form: FormState) => {
    // the shopper's latest orders to pick from; while sales cannot list them, a ticket without one still works
    const orders: Order[] | undefined = await shop.orders(token, 1).then(
      (p) => p.items,
      () => undefined,
    )
    const on = fieldsOf(form)
    const isReturn = form.values.type === 'return'
    // a return of a delivered order: what of it goes back
    const orderId = form.values.orderId ?? ''
    const returning =
      isReturn && z.uuid().safeParse(orderId).success
        ? await shop.order(token, orderId).then(
            (o) => (o.status === 'delivered' ? o : undefined),
            () => undefined,
          )
        : undefined
    // past the shop's return window: said before the shopper writes anything (support would refuse it)
    const closed =
      returning && returnWindowOf(returning, terms().returnWindowDays)?.open === false ? returning : undefined
    return render(
      c,
      { title: isReturn ? 'Return items' : 'Ask us something', notice: form.notice },
      <section class="panel">
        <h1>{isReturn ? 'Return items' : 'Ask us something'}</h1>
        {isReturn && (
          <p>{`We offer ${freeReturns(terms().returnWindowDays)} of delivery. Tell us what you send back and why.`}</p>
        )}
        {closed && (
          <p class="notice alert">
            {`The time for returns of order ${closed.number} has ended. If something is wrong with it, choose “A question” or “A complaint” and tell us.`}
          </p>
        )}
        <PostForm action="/tickets" submit={isReturn ? 'Ask for the return' : 'Send'}>
          <SelectField
            {...on('type')}
            label="What is it about?"
            required
            options={ticketTypes.map((t) => ({ value: t, label: typeText[t] }))}
          />
          {orders ? (
            <SelectField
              {...on('orderId')}
              label="Order"
              hint={isReturn ? 'The delivered order you return items from.' : 'Optional.'}
              options={[
                { value: '', label: 'No order' },
                ...orders.map((o) => ({
                  value: o.id,
                  label: `${o.number} · ${dateTime(o.createdAt)} · ${orderStatusText[o.status] ?? o.status}`,
                })),
              ]}
            />
          ) : (
            <p class="notice alert">Your orders cannot be listed right now: a ticket without an order still works.</p>
          )}
          {returning && !closed && (
            <ReturnItemsFields order={returning} values={form.values} error={form.errors.items} />
          )}
          <Field {...on('subject')} label="Subject" required />
          <TextAreaField {...on('message')} label="Message" required />
        </PostForm>
      </section>,
      form.status,
    )
  }

  app.get('/new', (c) => {
    const token = accessToken(c)
    const type = z.enum(ticketTypes).catch('inquiry').parse(c.req.query('type'))
    const subject = type === 'return' ? 'Return' : ''
    return newTicketPage(c, token, freshForm({ type, orderId: c.req.query('orderId') ?? '', subject }))
  })

  app.post('/', async (c) => {
    const token = accessToken(c)
    // not returnable, not your order: said on the form, nothing lost
    return submitForm(
      c,
      openForm,
      (c, form) => newTicketPage(c, token, form),
      async (data, values) => {
        try {
          const ticket = await shop.openTicket(token, data)
          return c.redirect(`/tickets/${ticket.id}?opened=1`, 303)
        } catch (err) {
          // orders cannot be checked right now: said on the form too, to send again later
          if (!(err instanceof AppError) || err.status !== 503) throw err
          const notice = { kind: 'alert' as const, text: err.detail }
          return newTicketPage(c, token, { values, errors: {}, notice, status: 503 })
        }
      },
      { prepare: returnItems(shop, token) },
    )
  })

  const ticketPage = async (c: WebContext, token: string, id: string, form = freshForm()) => {
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such ticket.')
    const ticket = await shop.ticket(token, id)
    const notice =
      form.notice ?? noticeFrom(c, { opened: `Ticket ${ticket.number} is open: we answer by e-mail and here.` })
    return render(
      c,
      { title: `Ticket ${ticket.number}`, notice },
      <TicketPage ticket={ticket} form={form} />,
      form.status,
    )
  }

  app.get('/:id', (c) => ticketPage(c, accessToken(c), c.req.param('id')))

  /** A form on the ticket's page: checked, sent, and the page again (with the service's refusal, if any). */
  const ticketAction =
    <S extends z.ZodType>(
      schema: S,
      send: (token: string, id: string, data: z.infer<S>) => Promise<void>,
      done: string,
    ) =>
    async (c: WebContext) => {
      const token = accessToken(c)
      const id = c.req.param('id') ?? ''
      return submitForm(
        c,
        schema,
        (c, form) => ticketPage(c, token, id, form),
        async (data) => {
          await send(token, id, data)
          return c.redirect(`/tickets/${id}?${done}=1#conversation`, 303)
        },
      )
    }

  app.post(
    '/:id/messages',
    ticketAction(replyForm, (token, id, { body }) => shop.replyToTicket(token, id, body), 'sent'),
  )
  app.post(
    '/:id/rating',
    ticketAction(ratingForm, (token, id, rating) => shop.rateTicket(token, id, rating), 'rated'),
  )
  return app
}
