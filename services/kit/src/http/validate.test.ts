import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { changesOf, distinct } from './validate.ts'

const issues = (result: { error?: z.ZodError }) =>
  result.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? []

describe('checks the services share', () => {
  it('When a PATCH body is read with changesOf, then it takes any of the fields, nothing else, and not nothing', () => {
    const body = changesOf({ name: z.string().min(1), active: z.boolean() }, 'send name or active')
    expect(body.parse({ name: 'Mug' })).toEqual({ name: 'Mug' })
    expect(issues(body.safeParse({}))).toEqual([{ path: '', message: 'send name or active' }])
    expect(issues(body.safeParse({ name: 'Mug', colour: 'red' }))[0]?.path).toBe('')
    expect(issues(body.safeParse({ name: '' }))[0]?.path).toBe('name')
  })

  it('When a list is checked with distinct, then each repeat of the field is named at its place, with the first', () => {
    const list = z.array(z.object({ sku: z.string() })).superRefine(distinct('sku', 'SKU', 'product'))
    expect(list.parse([{ sku: 'A' }, { sku: 'B' }])).toHaveLength(2)
    expect(issues(list.safeParse([{ sku: 'A' }, { sku: 'B' }, { sku: 'A' }, { sku: 'A' }]))).toEqual([
      { path: '2.sku', message: 'the same SKU as product 1' },
      { path: '3.sku', message: 'the same SKU as product 1' },
    ])
  })
})
