import { inBatches } from '@shopfront/kit'
import { present } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'
import { startWeb } from '../testing.ts'
import { createSessionsRepo, hashSessionId } from './sessions.repo.ts'

const web = await startWeb()

it('When the session sweep runs, then ended sessions go, a few at a time until none is left, and live ones stay', async () => {
  const repo = createSessionsRepo(web.db)
  const ids = Array.from({ length: 5 }, () => crypto.randomUUID())
  for (const id of ids) await repo.create(id, 30)
  const [live, ...ended] = ids.map(hashSessionId)
  await web.sql`update sessions set expires_at = now() - interval '1 minute' where id_hash in ${web.sql(ended)}`

  const gone = await inBatches((size) => repo.sweep(size), { size: 2 })

  expect(gone).toBeGreaterThanOrEqual(4)
  const left = await web.sql`select id_hash from sessions where id_hash in ${web.sql([live, ...ended])}`
  expect(left.map((row) => row.id_hash)).toEqual([live])
  expect(await repo.find(present(ids[0], 'the live session id'), 30)).toMatchObject({ guestId: expect.any(String) })
})
