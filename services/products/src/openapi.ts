import { openApiDocument as document, pageQuery } from '@shopfront/kit'
import {
  createProductBody,
  importBody,
  importQuery,
  searchQuery,
  stockBody,
  suggestQuery,
  updateProductBody,
} from './catalog/products.schemas.ts'
import { demandQuery } from './alerts/alerts.schemas.ts'
import { categoryPageQuery, createCategoryBody, updateCategoryBody } from './categories/categories.schemas.ts'
import {
  alertDemand,
  category,
  categoryPage,
  importResult,
  liveReservations,
  product,
  productPage,
  stockAlert,
  stockAlertPage,
  stockMovementPage,
  suggestions,
  waitingShoppers,
  uploadedPicture,
} from './contract.ts'

/** What the gateway merges into /openapi.json (internal endpoints are not published). */
export const openApiDocument = document('products', [
  {
    method: 'get',
    path: '/api/products',
    summary: 'Search and browse products (facets=true: with counts per category, price band and availability)',
    query: searchQuery,
    responses: { 200: { description: 'A page of products, with the facets when asked for', schema: productPage } },
  },
  {
    method: 'get',
    path: '/api/products/suggestions',
    summary:
      'Names to suggest while typing a search: products whose words start with the words typed (accents and case ignored)',
    query: suggestQuery,
    responses: { 200: { description: 'Up to `limit` products, best match first', schema: suggestions } },
  },
  {
    method: 'get',
    path: '/api/products/{id}',
    summary: 'One product with its available stock',
    responses: { 200: { description: 'The product', schema: product } },
  },
  {
    method: 'post',
    path: '/api/products',
    summary: 'Create a product',
    access: 'admin',
    body: createProductBody,
    responses: { 201: { description: 'Created', schema: product }, 409: 'The SKU exists', 422: 'No such category' },
  },
  {
    method: 'post',
    path: '/api/products/import',
    summary:
      'Import up to 1000 products by SKU, all or none: a new SKU is created, a known one changed (only the fields sent); `category` is a slug; `stock` is the units on hand it should have, the difference recorded as a stock movement (reason `import`). `dryRun=true`: every check made, nothing written; the counts say what the import would do now',
    access: 'admin',
    query: importQuery,
    body: importBody,
    responses: {
      200: { description: 'How many were created and how many changed', schema: importResult },
      409: 'One of the new SKUs was created meanwhile (nothing imported; try again)',
      413: 'A body over 8 MB',
      422: 'An unknown category, stock below what checkouts hold, or a picture not uploaded here: every such product named in `errors` (nothing imported)',
    },
  },
  {
    method: 'patch',
    path: '/api/products/{id}',
    summary: 'Change a product',
    access: 'admin',
    body: updateProductBody,
    responses: { 200: { description: 'Changed', schema: product }, 422: 'No such category' },
  },
  {
    method: 'delete',
    path: '/api/products/{id}',
    summary: 'Deactivate a product (orders keep referring to it)',
    access: 'admin',
    responses: { 204: 'Deactivated' },
  },
  {
    method: 'post',
    path: '/api/products/{id}/stock',
    summary: 'Adjust stock on hand, with a reason (audited)',
    access: 'admin',
    body: stockBody,
    responses: {
      200: { description: 'The product after the change', schema: product },
      409: 'Stock would go below what is reserved (or below zero)',
    },
  },
  {
    method: 'get',
    path: '/api/products/{id}/reservations',
    summary: 'The live reservations holding this product: orders being placed, not yet paid or released',
    access: 'admin',
    responses: {
      200: {
        description: 'Oldest first',
        schema: liveReservations,
      },
      404: 'No such product',
    },
  },
  {
    method: 'get',
    path: '/api/products/{id}/stock-movements',
    summary: "A product's stock audit trail",
    access: 'admin',
    query: pageQuery(),
    responses: { 200: { description: 'A page of movements, newest first', schema: stockMovementPage } },
  },
  {
    method: 'post',
    path: '/api/products/images',
    summary:
      'Upload a picture (the file as the body): kept upright, at most 1600 pixels a side, as WebP without its metadata (a phone’s GPS position), and a 480-pixel one for lists; name `url` in a product’s `images`. A picture no product names is deleted after `catalog.pictures.keepUnusedDays`',
    access: 'admin',
    file: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heic'],
    responses: {
      201: { description: 'Kept (the same picture again: the same address)', schema: uploadedPicture },
      413: 'Over `catalog.pictures.maxUploadBytes` (10 MB) or `maxMegapixels` (50)',
    },
  },
  {
    method: 'get',
    path: '/api/products/images/{file}',
    summary:
      'An uploaded picture: `<sha-256>.webp`, `<sha-256>-medium.webp` for phones, or `<sha-256>-small.webp` for lists; its address never changes what it shows (cached for a year)',
    responses: { 200: { description: 'The picture', media: 'image/webp' }, 304: 'Not modified (If-None-Match)' },
  },
  {
    method: 'get',
    path: '/api/categories',
    summary: 'List categories',
    query: categoryPageQuery,
    responses: { 200: { description: 'A page of categories', schema: categoryPage } },
  },
  {
    method: 'get',
    path: '/api/categories/{id}',
    summary: 'One category',
    responses: { 200: { description: 'The category', schema: category } },
  },
  {
    method: 'post',
    path: '/api/categories',
    summary: 'Create a category',
    access: 'admin',
    body: createCategoryBody,
    responses: { 201: { description: 'Created', schema: category }, 409: 'The slug is used', 422: 'No such parent' },
  },
  {
    method: 'patch',
    path: '/api/categories/{id}',
    summary: 'Rename or move a category',
    access: 'admin',
    body: updateCategoryBody,
    responses: {
      200: { description: 'Changed', schema: category },
      409: 'The slug is used, or the move would put it under itself',
      422: 'No such parent',
    },
  },
  {
    method: 'delete',
    path: '/api/categories/{id}',
    summary: 'Delete an empty category',
    access: 'admin',
    responses: { 204: 'Deleted', 409: 'It still has products or subcategories' },
  },
  {
    method: 'get',
    path: '/api/stock-alerts',
    summary: 'The products sold out the signed-in shopper waits for ("tell me when it is back")',
    access: 'user',
    query: pageQuery(),
    responses: { 200: { description: 'A page of alerts, newest first', schema: stockAlertPage } },
  },
  {
    method: 'get',
    path: '/api/stock-alerts/demand',
    summary: 'The products most waited for: how many shoppers wait for each to be back, most first',
    access: 'admin',
    query: demandQuery,
    responses: { 200: { description: 'Up to `limit` products', schema: alertDemand } },
  },
  {
    method: 'get',
    path: '/api/stock-alerts/demand/{productId}',
    summary: 'How many shoppers wait for a product to be back in stock (each is e-mailed once it can be bought)',
    access: 'admin',
    responses: {
      200: { description: 'The count, and since when the first waits', schema: waitingShoppers },
      404: 'No such product',
    },
  },
  {
    method: 'get',
    path: '/api/stock-alerts/{productId}',
    summary: "The shopper's alert for a product",
    access: 'user',
    responses: { 200: { description: 'They wait for it', schema: stockAlert }, 404: 'They do not' },
  },
  {
    method: 'put',
    path: '/api/stock-alerts/{productId}',
    summary:
      'Be e-mailed (at the address the token carries) once a product sold out can be bought again; one e-mail, then the alert ends',
    access: 'user',
    responses: {
      200: { description: 'Waiting (asked again: the same alert)', schema: stockAlert },
      404: 'No such product in the shop',
      409: 'It can be bought now (`code`: `in_stock`, with `available`)',
    },
  },
  {
    method: 'delete',
    path: '/api/stock-alerts/{productId}',
    summary: 'Stop waiting for a product',
    access: 'user',
    responses: { 204: 'No alert for it any more' },
  },
])
