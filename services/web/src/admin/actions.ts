import { AppError } from '@shopfront/kit'
import type { PageProps } from '../layout/render.tsx'
import type { WebContext } from '../session/session.ts'

type ThingPage = (c: WebContext, id: string, notice?: PageProps['notice'], status?: number) => Promise<Response>

/**
 * The actions on one kind of thing in the back office (an order, a ticket, a user): an
 * action runs, then the thing's page again says what happened (`?done=<outcome>`, a link
 * that can be reloaded without doing it twice); refused by the service (or the service not
 * answering), the page says why and that nothing changed.
 *
 * @example
 *   const actions = actionsOn('/admin/orders', orderPage, { shipped: 'Marked as shipped.' })
 *   app.get('/:id', actions.show)
 *   app.post('/:id/deliver', (c) => actions.run(c, c.req.param('id'), 'delivered', () => ...))
 */
export function actionsOn(base: string, page: ThingPage, outcomes: Record<string, string>) {
  return {
    show(c: WebContext) {
      const done = outcomes[c.req.query('done') ?? '']
      return page(c, c.req.param('id') ?? '', done ? { kind: 'ok', text: done } : undefined)
    },
    async run(c: WebContext, id: string, outcome: string, work: () => Promise<unknown>) {
      try {
        await work()
      } catch (err) {
        if (!(err instanceof AppError) || (err.status >= 500 && err.status !== 503)) throw err
        return page(c, id, { kind: 'alert', text: `Nothing changed: ${err.detail}` }, err.status)
      }
      return c.redirect(`${base}/${id}?done=${outcome}`, 303)
    },
  }
}
