/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, fromMajorUnits } from '@shopfront/kit'
import { offerText, promoCode, promotionKinds } from '@shopfront/sales/contract'
import { doneNotice, freshForm, pageNumber, submitForm, pageLinks } from '../forms.ts'
import { Field, fieldsOf, PostForm, SelectField, TextAreaField, choices } from '../layout/fields.tsx'
import { When, money } from '../layout/parts.tsx'
import { PagedTable } from '../layout/table.tsx'
import { formPage } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import { askFirst, renderAdmin } from './admin-layout.tsx'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import type { Promotion } from './schemas.ts'
import type { ShopTerms } from '../settings.ts'
import type { Staff } from './staff.ts'

const whole = (what: string) => z.coerce.number(what).int(what)
const cents = z
  .string()
  .trim()
  .regex(/^\d{0,7}(\.\d{1,2})?$/, 'an amount like 25 or 12.50')
  .transform((v) => fromMajorUnits(v || '0', 'USD'))
const optionalDay = z
  .union([z.literal(''), z.iso.date('a day')])
  .transform((v) => (v ? new Date(`${v}T00:00:00Z`).toISOString() : null))
const promotionForm = z
  .object({
    code: promoCode,
    kind: z.enum(promotionKinds),
    value: z
      .string()
      .trim()
      .regex(/^(\d{1,7}(\.\d{1,2})?)?$/, 'how much off: 15 (percent) or 7.50 (dollars)'),
    minOrder: cents,
    startsAt: optionalDay,
    endsAt: optionalDay,
    maxRedemptions: z
      .union([z.literal(''), whole('a whole number').pipe(z.number().min(1, 'at least 1'))])
      .transform((v) => (v === '' ? null : v)),
    subject: z.string().trim().min(1, 'the e-mail’s subject').max(200),
    body: z.string().trim().min(1, 'the e-mail’s text').max(20_000),
  })
  .transform((f, ctx) => {
    if (f.kind === 'shipping') {
      if (Number(f.value || '0') === 0) return { ...f, value: 0 }
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'nothing here: free delivery takes no amount' })
      return z.NEVER
    }
    const value = f.kind === 'percent' ? Number(f.value || '0') : fromMajorUnits(f.value || '0', 'USD')
    if (!Number.isFinite(value) || value < 1 || (f.kind === 'percent' && (value > 100 || !Number.isInteger(value)))) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: f.kind === 'percent' ? 'a whole percentage from 1 to 100' : 'an amount like 5 or 7.50',
      })
      return z.NEVER
    }
    return { ...f, value }
  })

/** Where a promotion's campaign is, in words. */
const campaignText: Record<Promotion['campaign']['status'], string> = {
  draft: 'Not sent yet',
  sending: 'Sending',
  sent: 'Sent',
}

/** What it gives, as its e-mail says it: "15% off", "$5.00 off", "Free delivery". */
const offerOf = (p: Promotion) => {
  const text = offerText(p, 'USD')
  return `${text[0]?.toUpperCase()}${text.slice(1)}`
}

/** Promotions and their campaigns in the back office (admins): list, create, preview, send, watch it go out. */
export function promotionsAdminRoutes({ staff, terms }: { staff: Staff; terms: () => ShopTerms }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  app.get('/', async (c) => {
    const page = pageNumber(c)
    const found = await staff.promotions(staffToken(c), page)
    return renderAdmin(
      c,
      { title: 'Promotions' },
      <>
        <h1>Promotions</h1>
        <p>
          <a class="button" href="/admin/promotions/new">
            New promotion
          </a>
        </p>
        <PagedTable
          caption="Promotions, newest first"
          found={found}
          page={page}
          href={pageLinks('/admin/promotions')}
          empty="No promotions yet. A new one is a code customers type at checkout, and a campaign that e-mails it to those who asked for offers."
          columns={[
            { head: 'Code', cell: (p) => <a href={`/admin/promotions/${p.id}`}>{p.code}</a> },
            { head: 'Offer', cell: offerOf },
            {
              head: 'Used',
              num: true,
              cell: (p) => `${p.redemptions}${p.maxRedemptions ? ` of ${p.maxRedemptions}` : ''}`,
            },
            { head: 'Campaign', cell: (p) => campaignText[p.campaign.status] },
          ]}
        />
      </>,
    )
  })

  const newPage = formPage(renderAdmin, 'New promotion', (form) => {
    const on = fieldsOf(form)
    return (
      <PostForm action="/admin/promotions" submit="Create promotion">
        <Field {...on('code')} label="Code" required hint="What customers type at checkout, e.g. SPRING15" />
        <SelectField
          {...on('kind')}
          label="Kind"
          options={choices({ percent: 'A percentage off', amount: 'An amount off (USD)', shipping: 'Free delivery' })}
        />
        <Field {...on('value')} label="How much off" hint="15 (percent) or 5.00 (dollars); nothing for free delivery" />
        <Field {...on('minOrder')} label="Minimum order (USD, optional)" />
        <div class="row">
          <Field {...on('startsAt')} label="From (optional)" type="date" />
          <Field {...on('endsAt')} label="Until (optional)" type="date" />
        </div>
        <Field {...on('maxRedemptions')} label="At most this many uses (optional)" />
        <Field {...on('subject')} label="Campaign e-mail: subject" required />
        <TextAreaField {...on('body')} label="Campaign e-mail: text" required rows={6} />
      </PostForm>
    )
  })

  app.get('/new', (c) => newPage(c, freshForm({ kind: 'percent' })))
  app.post('/', (c) =>
    submitForm(c, promotionForm, newPage, async (data) => {
      const created = await staff.createPromotion(staffToken(c), data)
      return c.redirect(`/admin/promotions/${created.id}?done=created`, 303)
    }),
  )

  app.get('/:id', async (c) => {
    const id = c.req.param('id')
    if (!z.uuid().safeParse(id).success) throw new AppError('not_found', 'There is no such promotion.')
    const p = await staff.promotion(staffToken(c), id)
    const delivery = p.campaign.delivery ?? { sent: 0, pending: 0, failed: 0 }
    const going = p.campaign.status === 'sending' || (p.campaign.status === 'sent' && delivery.pending > 0)
    const done = doneNotice(c, {
      created: 'Promotion created. Preview its e-mail, then send the campaign.',
      sent: 'The campaign is going out to every opted-in customer.',
    })
    // while e-mails go out the page reloads itself (no script needed)
    if (going) c.header('refresh', '3')
    return renderAdmin(
      c,
      { title: `Promotion ${p.code}`, notice: done },
      <div class="stack">
        <h1>{`Promotion ${p.code}`}</h1>
        <p>
          {`${offerOf(p)}${p.minOrder ? ` on orders of ${money(p.minOrder)} or more` : ''} · used ${p.redemptions}${p.maxRedemptions ? ` of ${p.maxRedemptions}` : ''} times`}
          {p.startsAt && (
            <>
              {' · from '}
              <When at={p.startsAt} />
            </>
          )}
          {p.endsAt && (
            <>
              {' · until '}
              <When at={p.endsAt} />
            </>
          )}
        </p>
        <section class="panel" aria-labelledby="campaign">
          <h2 id="campaign">Campaign</h2>
          <p id="campaign-progress" role="status" aria-live="polite">
            {p.campaign.status === 'draft'
              ? `${campaignText.draft}.`
              : `${campaignText[p.campaign.status]}: ${p.campaign.queued} of ${p.campaign.recipients ?? '?'} queued · ${delivery.sent} sent · ${delivery.pending} pending · ${delivery.failed} failed`}
          </p>
          {going && <p class="muted">This page updates itself every 3 seconds while e-mails go out.</p>}
          {p.campaign.status === 'draft' && (
            <p>
              <a class="button" href={`/admin/promotions/${p.id}/send`}>
                Send the campaign…
              </a>
            </p>
          )}
          <h3>{`The e-mail: ${p.subject}`}</h3>
          <iframe
            class="preview"
            title="The campaign e-mail"
            src={`/admin/promotions/${p.id}/preview`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
          />
        </section>
      </div>,
    )
  })

  // the e-mail alone, for the frame above: its inline styles need a policy of their own
  app.get('/:id/preview', async (c) => {
    const { html } = await staff.previewCampaign(staffToken(c), c.req.param('id'))
    return c.body(html, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'cache-control': 'no-store',
      // shown in a sandboxed frame (an opaque origin), which a browser keeps in the site's agent cluster: asking for
      // the origin's own, as every other page does, only has the browser log that it could not
      'origin-agent-cluster': '?0',
    })
  })

  app.get('/:id/send', async (c) => {
    const p = await staff.promotion(staffToken(c), c.req.param('id'))
    return askFirst(c, {
      question: `Send "${p.subject}" to every opted-in customer?`,
      detail: [
        `Each gets the code ${p.code} (${offerOf(p)}) and a link to unsubscribe. This cannot be undone.`,
        // what the e-mail's foot says who sends it with: the law of offers by e-mail asks for a postal address
        terms().seller.address
          ? ''
          : 'It names no postal address of yours: the law of offers by e-mail (CAN-SPAM and others) asks for one; set shop.seller.address in the settings first.',
      ]
        .filter(Boolean)
        .join(' '),
      action: `/admin/promotions/${p.id}/send`,
      button: 'Send it',
    })
  })
  app.post('/:id/send', async (c) => {
    const id = c.req.param('id')
    await staff.sendCampaign(staffToken(c), id)
    return c.redirect(`/admin/promotions/${id}?done=sent`, 303)
  })
  return app
}
