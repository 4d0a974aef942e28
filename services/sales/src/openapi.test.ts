import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startSales } from './testing.ts'

describeApiDocument(await startSales(), openApiDocument)
