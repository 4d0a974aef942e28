import { describe, expect, it } from 'vitest'
import { escapeHtml, htmlParagraphs } from './html.ts'

describe('e-mail HTML', () => {
  it('When text goes into an e-mail, then markup in it is escaped, and paragraphs keep their line breaks', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    )
    expect(htmlParagraphs(['Hello <b>Ann</b>,', 'line one\nline two'])).toBe(
      '<!doctype html><html><body style="font-family:sans-serif"><p>Hello &lt;b&gt;Ann&lt;/b&gt;,</p><p>line one<br>line two</p></body></html>',
    )
  })
})
