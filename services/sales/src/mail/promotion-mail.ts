import { formatMoney, mailBlocks as b, mailLayout, type MailShop, type OutgoingMail, sellerLine } from '@shopfront/kit'
import { offerText } from '../contract.ts'
import type { Recipient } from '../neighbours/neighbours.ts'
import type { Promotion } from '../promotions/promotions.repo.ts'

/**
 * A campaign's e-mail to one opted-in user, with a personal unsubscribe link (and the
 * List-Unsubscribe headers mail clients show as a button) and who sends it, with their postal
 * address (`shop.seller`: the law of offers by e-mail, CAN-SPAM's and others', asks for both).
 */
export function promotionMail(p: Promotion, to: Recipient, shop: MailShop, currency: string): OutgoingMail {
  const shopUrl = shop.publicUrl
  const why = `You receive this from ${sellerLine(shop.seller)} because you opted in to offers.`
  const token = encodeURIComponent(to.unsubscribeToken)
  // people follow the shop's page (it asks before it unsubscribes: mail scanners open links);
  // mail clients' one-click button posts to the API (RFC 8058)
  const unsubscribe = `${shopUrl}/unsubscribe?token=${token}`
  const oneClick = `${shopUrl}/api/users/unsubscribe?token=${token}`
  // the shop with the code ready at checkout
  const withCode = `${shopUrl}/promo/${encodeURIComponent(p.code)}`
  const offer = offerText(p, currency)
  const conditions = [
    p.minOrder > 0 ? `on orders of ${formatMoney({ amount: p.minOrder, currency })} or more` : '',
    p.endsAt ? `until ${p.endsAt.slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(', ')
  const text = [
    `Hello ${to.name},`,
    '',
    p.body,
    '',
    `Use the code ${p.code} at checkout for ${offer}${conditions ? ` ${conditions}` : ''}.`,
    '',
    `Shop now: ${withCode}`,
    '',
    `${why} Unsubscribe: ${unsubscribe}`,
  ].join('\n')
  const html = mailLayout({
    shopUrl,
    title: p.subject,
    preheader: `${offer} with the code ${p.code}`,
    blocks: [
      b.paragraph(`Hello ${to.name},`),
      b.paragraph(p.body),
      b.code(p.code, `${offer} at checkout${conditions ? `, ${conditions}` : ''}.`),
      b.button('Shop now', withCode),
      b.muted('The button opens the shop with the code ready at checkout.'),
    ],
    footer: why,
    footerLink: { label: 'Unsubscribe', href: unsubscribe },
  })
  return {
    to: to.email,
    subject: p.subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    key: `promotion:${p.id}:${to.id}`,
  }
}
