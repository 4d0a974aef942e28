import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startSupport } from './testing.ts'

describeApiDocument(await startSupport(), openApiDocument)
