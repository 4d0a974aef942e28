import { escapeHtml } from './html.ts'

/**
 * The shop's one e-mail layout: a branded header, a white card of blocks, a footer; tables
 * and inline styles (what mail clients render), 600 px wide on a desktop and the full
 * width on a phone. Every block escapes what it is given; `html` in a block is trusted.
 *
 * @example
 *   const html = mailLayout({
 *     shopUrl, title: 'Your code', preheader: 'Your code is 123456',
 *     blocks: [mailBlocks.paragraph('Hello Ann,'), mailBlocks.code('123456')],
 *   })
 */
export function mailLayout({
  shopUrl,
  title,
  preheader,
  blocks,
  footer = 'Shopfront',
  footerLink,
}: {
  shopUrl: string
  title: string
  /** The line mail clients show after the subject in the list (hidden in the message). */
  preheader?: string
  blocks: string[]
  /** Plain text under the card. */
  footer?: string
  /** A link after it (a promotion's unsubscribe). */
  footerLink?: { label: string; href: string }
}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title>
<style>@media (max-width: 620px) { .outer { padding: 8px 0 !important; } .card { padding: 20px 14px !important; } }</style></head>
<body style="margin:0;padding:0;background:${colors.wash};font-family:${font};color:${colors.ink}">
${preheader ? `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${escapeHtml(preheader)}</div>` : ''}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${colors.wash}"><tr><td class="outer" align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px">
<tr><td style="background:${colors.brand};border-radius:10px 10px 0 0;padding:18px 28px">
<a href="${escapeHtml(shopUrl)}" style="color:#ffffff;font-size:22px;font-weight:700;text-decoration:none;letter-spacing:.3px">Shopfront</a></td></tr>
<tr><td class="card" style="background:#ffffff;padding:28px;border:1px solid ${colors.line};border-top:0;border-radius:0 0 10px 10px;font-size:16px;line-height:1.55">
${blocks.join('\n')}
</td></tr>
<tr><td style="padding:16px 8px;text-align:center;font-size:13px;color:${colors.muted}">${escapeHtml(footer)}${footerLink ? ` <a href="${escapeHtml(footerLink.href)}" style="color:${colors.muted}">${escapeHtml(footerLink.label)}</a>` : ''}</td></tr>
</table></td></tr></table></body></html>`
}

const colors = {
  ink: '#1d2421',
  muted: '#4f5b56',
  line: '#d5dcd9',
  wash: '#f3f6f5',
  brand: '#0f5c4d',
}
const font = `system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`
const p = (style: string, inner: string) => `<p style="margin:0 0 16px;${style}">${inner}</p>`

/** The blocks an e-mail is made of (each an HTML string for `mailLayout`). */
export const mailBlocks = {
  heading: (text: string) => `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(text)}</h1>`,
  subheading: (text: string) => `<h2 style="margin:24px 0 8px;font-size:17px">${escapeHtml(text)}</h2>`,
  /** Text; blank lines start new paragraphs and line breaks are kept. */
  paragraph: (text: string) =>
    text
      .split(/\n{2,}/)
      .map((para) => p('', escapeHtml(para).replaceAll('\n', '<br>')))
      .join(''),
  muted: (text: string) => p(`font-size:14px;color:${colors.muted}`, escapeHtml(text)),
  /** A code to type somewhere, large and spaced, easy to read and to copy. */
  code: (code: string, caption?: string) =>
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 20px"><tr><td style="background:${colors.wash};border:1px dashed ${colors.brand};border-radius:10px;padding:14px 24px;font:700 32px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:8px;color:${colors.ink}">${escapeHtml(code)}</td></tr>${caption ? `<tr><td style="padding-top:6px;font-size:14px;color:${colors.muted}">${escapeHtml(caption)}</td></tr>` : ''}</table>`,
  /** A call to action: a large link that looks like the shop's buttons. */
  button: (label: string, href: string) =>
    `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 20px"><tr><td style="background:${colors.brand};border-radius:8px"><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 26px;color:#ffffff;font-weight:700;text-decoration:none">${escapeHtml(label)}</a></td></tr></table>`,
  /** Order lines: a small picture, the name (a link where `href` says; a detail under it), the quantity and the amount (if any). */
  lines: (
    items: { image?: string; name: string; href?: string; detail?: string; quantity?: number; amount?: string }[],
  ) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 8px">${items
      .map(
        (l) =>
          `<tr>${l.image ? `<td width="72" style="padding:10px 12px 10px 0;border-bottom:1px solid ${colors.line}"><img src="${escapeHtml(l.image)}" width="64" height="48" alt="" style="display:block;border-radius:6px;border:0"></td>` : ''}<td style="padding:10px 0;border-bottom:1px solid ${colors.line}"><strong>${l.href ? `<a href="${escapeHtml(l.href)}" style="color:${colors.brand}">${escapeHtml(l.name)}</a>` : escapeHtml(l.name)}</strong>${l.detail ? `<br><span style="font-size:13px;color:${colors.muted}">${escapeHtml(l.detail)}</span>` : ''}</td>${l.quantity === undefined ? '' : `<td style="padding:10px 12px;border-bottom:1px solid ${colors.line};white-space:nowrap;color:${colors.muted}">× ${l.quantity}</td>`}${l.amount === undefined ? '' : `<td align="right" style="padding:10px 0;border-bottom:1px solid ${colors.line};white-space:nowrap">${escapeHtml(l.amount)}</td>`}</tr>`,
      )
      .join('')}</table>`,
  /** Label and amount rows; the last one `strong` (the total). */
  totals: (rows: { label: string; amount: string; strong?: boolean }[]) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px">${rows
      .map(
        (r) =>
          `<tr><td align="right" style="padding:3px 12px;${r.strong ? 'font-weight:700;font-size:18px' : `color:${colors.muted}`}">${escapeHtml(r.label)}</td><td align="right" width="110" style="padding:3px 0;white-space:nowrap;${r.strong ? 'font-weight:700;font-size:18px' : ''}">${escapeHtml(r.amount)}</td></tr>`,
      )
      .join('')}</table>`,
  /** An address or any short lines, one under the other. */
  address: (lines: string[]) => p('', lines.map(escapeHtml).join('<br>')),
  /** Someone's message quoted (a support agent's reply). */
  quote: (text: string) =>
    `<blockquote style="margin:0 0 20px;padding:12px 16px;border-left:4px solid ${colors.brand};background:${colors.wash};white-space:pre-wrap">${escapeHtml(text)}</blockquote>`,
}
