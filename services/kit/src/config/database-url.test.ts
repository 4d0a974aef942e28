import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveSettings } from './load-config.ts'
import { databaseSettings } from './settings.ts'

const sources = [{ name: 'application.yml', source: { 'database.poolMax': 10, 'database.name': 'products' } }]

describe('where a service’s database is', () => {
  it('When DATABASE_URL is not set, then the service stops with a line that says to set it; set, it is used', () => {
    expect(() => resolveSettings(databaseSettings, sources, {}, 'products')).toThrow(/database\.url: set DATABASE_URL/)
    const { settings } = resolveSettings(databaseSettings, sources, {
      DATABASE_URL: 'postgres://db.example:5432/postgres',
    })
    expect(settings.database).toEqual({ url: 'postgres://db.example:5432/postgres', name: 'products', poolMax: 10 })
  })

  it('When the shared settings are read, then they name no database server a service could fall back to', () => {
    const shared = readFileSync(join(import.meta.dirname, '../../../../config-server/settings/application.yml'), 'utf8')
    expect(shared).not.toMatch(/^\s+url: postgres/m)
  })
})
