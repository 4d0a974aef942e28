import { AppError } from '@shopfront/kit'
import type * as z from 'zod'
import { checkForm, doneNotice } from '../forms.ts'
import type { PageProps } from '../layout/render.tsx'
import type { WebContext } from '../session/session.ts'

/** The page of one thing (an order, a ticket, a user, a product), with what an action said. */
export type ThingPage = (
  c: WebContext,
  id: string,
  notice?: PageProps['notice'],
  status?: number,
  /** A form's errors, beside its fields. */
  errors?: Record<string, string>,
  /** The page's own form as it was sent (a product's details), shown again with its errors. */
  values?: Record<string, string>,
) => Promise<Response>

/**
 * What the page an action was asked from says of its refusal, or of its service not
 * answering (a 503): "Nothing changed: …", with the service's status. Anything else (a bug,
 * a neighbour failing otherwise) is thrown on to the error page.
 */
export function nothingChanged(err: unknown): { notice: PageProps['notice']; status: number } {
  if (!(err instanceof AppError) || (err.status >= 500 && err.status !== 503)) throw err
  return { notice: { kind: 'alert', text: `Nothing changed: ${err.detail}` }, status: err.status }
}

/**
 * The actions on one kind of thing in the back office (an order, a ticket, a user): an
 * action runs, then the thing's page again says what happened (`?done=<outcome>`, a link
 * that can be reloaded without doing it twice); refused by the service (or the service not
 * answering), the page says why and that nothing changed. `submit` checks the action's form
 * first (what is wrong shows beside its fields on the thing's page, 400).
 *
 * @example
 *   const actions = actionsOn('/admin/orders', orderPage, { shipped: 'Marked as shipped.' })
 *   app.get('/:id', actions.show)
 *   app.post('/:id/deliver', (c) => actions.run(c, 'delivered', (id) => staff.moveOrder(token, id, ...)))
 *   app.post('/:id/ship', (c) => actions.submit(c, shipForm, 'shipped', (id, data) => ...))
 */
export function actionsOn(base: string, page: ThingPage, outcomes: Record<string, string>) {
  const actions = {
    show(c: WebContext) {
      return page(c, c.req.param('id') ?? '', doneNotice(c, outcomes))
    },
    async run(c: WebContext, outcome: string, work: (id: string) => Promise<unknown>) {
      const id = c.req.param('id') ?? ''
      try {
        await work(id)
      } catch (err) {
        const { notice, status } = nothingChanged(err)
        return page(c, id, notice, status)
      }
      return c.redirect(`${base}/${id}?done=${outcome}`, 303)
    },
    async submit<S extends z.ZodType>(
      c: WebContext,
      schema: S,
      outcome: string,
      work: (id: string, data: z.infer<S>) => Promise<unknown>,
    ) {
      const form = await checkForm(c, schema)
      if (form.errors) return page(c, c.req.param('id') ?? '', undefined, 400, form.errors)
      return actions.run(c, outcome, (id) => work(id, form.data))
    },
  }
  return actions
}
