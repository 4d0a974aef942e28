import { describe, expect, it } from 'vitest'
import { supportSettings } from './settings.ts'
import { settings } from './testing.ts'

describe('support settings', () => {
  it('When a settings file still sets support.returnWindowDays, then support refuses to start, saying where the window moved', () => {
    const old = supportSettings.safeParse({ ...settings, support: { ...settings.support, returnWindowDays: 45 } })
    expect(old.success).toBe(false)
    expect(old.error?.issues).toMatchObject([
      { path: ['support', 'returnWindowDays'], message: expect.stringContaining('shop.returnWindowDays') },
    ])
  })

  it('When the shop states no return window, then it is 30 days', () => {
    const { returnWindowDays: _, ...shop } = settings.shop
    expect(supportSettings.parse({ ...settings, shop }).shop.returnWindowDays).toBe(30)
  })
})
