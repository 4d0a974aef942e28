import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startProducts } from './testing.ts'

describeApiDocument(await startProducts(), openApiDocument)
