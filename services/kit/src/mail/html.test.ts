import { describe, expect, it } from 'vitest'
import { escapeHtml } from './html.ts'
import { mailBlocks as b, mailLayout } from './layout.ts'

describe('e-mail HTML', () => {
  it('When text goes into an e-mail, then markup in it is escaped', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    )
  })

  it('When an e-mail is laid out, then every block escapes what it is given and the layout links the shop', () => {
    const html = mailLayout({
      shopUrl: 'https://shop.example',
      title: 'Hi <there>',
      preheader: 'Your code is 123456',
      blocks: [
        b.paragraph('Hello <b>Ann</b>,\n\nline one\nline two'),
        b.code('123456', 'Expires <soon>'),
        b.button('Open "it"', 'https://shop.example/orders/1?a=1&b=2'),
        b.lines([{ image: 'https://shop.example/i.png', name: 'Mug <XL>', quantity: 2, amount: '$9.00' }]),
        b.lines([{ name: 'Cup "S"', href: 'https://shop.example/products/1/review?a=1&b=2' }]),
        b.quote('<script>x</script>'),
      ],
      footerLink: { label: 'Unsubscribe', href: 'https://shop.example/unsubscribe?token=a&b' },
    })
    expect(html).toContain('<title>Hi &lt;there&gt;</title>')
    expect(html).toContain(
      '<p style="margin:0 0 16px;">Hello &lt;b&gt;Ann&lt;/b&gt;,</p><p style="margin:0 0 16px;">line one<br>line two</p>',
    )
    expect(html).toContain('>123456</td>')
    expect(html).toContain('Expires &lt;soon&gt;')
    expect(html).toContain('href="https://shop.example/orders/1?a=1&amp;b=2"')
    expect(html).toContain('Open &quot;it&quot;')
    expect(html).toContain('<strong>Mug &lt;XL&gt;</strong>')
    // a line may link its name, and have no amount
    expect(html).toContain('<strong><a href="https://shop.example/products/1/review?a=1&amp;b=2"')
    expect(html).toContain('>Cup &quot;S&quot;</a></strong></td></tr>')
    expect(html).not.toContain('<script>')
    expect(html).toContain('href="https://shop.example/unsubscribe?token=a&amp;b"')
    expect(html).toContain('<a href="https://shop.example" style="color:#ffffff')
  })
})
