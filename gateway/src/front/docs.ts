import { Hono } from 'hono'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

/** GET /docs: Swagger UI over /openapi.json, its assets served from the installed package (no internet needed). */
export function docsRoutes() {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const app = new Hono()
  app.get('/docs', (c) => c.html(page))
  app.get('/docs/assets/:file', (c) => {
    const type = assets[c.req.param('file')]
    if (!type) return c.notFound()
    return new Response(Bun.file(join(dir, c.req.param('file'))), {
      headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
    })
  })
  return app
}

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shopfront API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' })
</script></body></html>`
