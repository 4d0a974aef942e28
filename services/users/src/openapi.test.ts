import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startUsers } from './testing.ts'

describeApiDocument(await startUsers(), openApiDocument)
