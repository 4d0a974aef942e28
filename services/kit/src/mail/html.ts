/** Text that is safe inside HTML (an e-mail's HTML part). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )
}

/**
 * A plain HTML e-mail body of paragraphs (escaped; line breaks kept), for messages whose
 * text part says it all.
 *
 * @example
 *   const html = htmlParagraphs(['Hello Ann,', 'your order has shipped.'])
 */
export function htmlParagraphs(paragraphs: string[]): string {
  return `<!doctype html><html><body style="font-family:sans-serif">${paragraphs.map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`).join('')}</body></html>`
}
