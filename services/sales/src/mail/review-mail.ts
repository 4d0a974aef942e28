import { mailBlocks as b, mailLayout, type MailShop, type OutgoingMail, sellerLine } from '@shopfront/kit'

/** What the e-mail names of the review answered: the product, and who wrote it, where their order went. */
type Answered = { productId: string; productName: string; userId: string; customerName: string; email: string }

/** To a review's author: the shop answered it (the answer, and where both are, on the product's page). */
export function reviewReplyMail(review: Answered, reply: string, repliedAt: Date, shop: MailShop): OutgoingMail {
  const page = `${shop.publicUrl}/products/${review.productId}#reviews`
  const intro = `we answered your review of ${review.productName}:`
  return {
    to: review.email,
    subject: `We answered your review of ${review.productName}`,
    text: [`Hello ${review.customerName},`, intro, reply, `See both on the shop: ${page}`].join('\n\n'),
    html: mailLayout({
      shopUrl: shop.publicUrl,
      // who answered: the seller, as sales' other e-mails name them
      footer: sellerLine(shop.seller),
      title: `We answered your review of ${review.productName}`,
      preheader: reply.slice(0, 120),
      blocks: [
        b.paragraph(`Hello ${review.customerName}, ${intro}`),
        b.quote(reply),
        b.button('See it on the shop', page),
      ],
    }),
    // one e-mail an answer: a new answer (rewritten) is another
    key: `review-reply:${review.productId}:${review.userId}:${repliedAt.getTime()}`,
  }
}
