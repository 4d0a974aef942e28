import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { catalog, startCart } from './testing.ts'

// no products needed: only the routes are read
describeApiDocument(await startCart(catalog([])), openApiDocument)
