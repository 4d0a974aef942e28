import { escapeHtml } from '@shopfront/kit'

/** A browser asking for a page: its Accept names HTML (API clients ask for JSON, or anything). */
export const wantsHtml = (accept: string | null) => !!accept?.includes('text/html')

/**
 * The gateway's own refusal (a rate limit, a service down, no such route) as a page, for a
 * browser: the problem's title and detail, a way back to the shop and the request's
 * reference, with the answer's status and headers (Retry-After, RateLimit) kept. A shopper
 * who signs in too often reads "try again in 49 s", not a JSON document.
 */
export async function asHtmlPage(problem: Response, requestId: string): Promise<Response> {
  const { title = 'Something went wrong', detail = '' } = (await problem.json()) as { title?: string; detail?: string }
  const headers = new Headers(problem.headers)
  headers.set('content-type', 'text/html; charset=utf-8')
  headers.set('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self'")
  headers.set('cache-control', 'no-store')
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Shopfront</title>
<link rel="stylesheet" href="/assets/shop.css">
</head>
<body>
<main id="main">
<section class="panel">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p><a href="/">Back to the shop</a></p>
<p class="muted">Reference: ${escapeHtml(requestId)}</p>
</section>
</main>
</body>
</html>
`
  return new Response(body, { status: problem.status, headers })
}
