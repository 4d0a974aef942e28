import { join } from 'node:path'
import { schemaDrift } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'
import * as schema from './schema.ts'

it('When the schema and the migrations (with the kit’s mail outbox) are compared, then they agree: no migration is missing and none says otherwise', async () => {
  const drift = await schemaDrift(schema, join(import.meta.dirname, '../../drizzle'), { mailOutbox: true })
  expect(drift.unwritten).toEqual([])
  expect(drift.declared).toEqual(drift.migrated)
})
