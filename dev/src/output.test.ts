import { describe, expect, it } from 'vitest'
import { readable } from './output.ts'

describe("bun start's terminal", () => {
  it('When a service logs a JSON line, then it reads as level, message and fields; a request names its request id, background work its trace id', () => {
    const line = (fields: object) =>
      readable(JSON.stringify({ time: '2026-12-03T10:00:00.000Z', level: 'info', service: 'sales', ...fields }))
    expect(line({ msg: 'listening', url: 'http://127.0.0.1:1' })).toBe('info  listening url=http://127.0.0.1:1')
    expect(line({ msg: 'request', requestId: 'r-1', traceId: 'a'.repeat(32), status: 200 })).toBe(
      'info  request requestId=r-1 status=200',
    )
    expect(line({ msg: 'could not recover the order yet; will retry', traceId: 'b'.repeat(32), orderId: 'o-1' })).toBe(
      `info  could not recover the order yet; will retry orderId=o-1 traceId=${'b'.repeat(32)}`,
    )
    expect(readable('plain text')).toBe('plain text')
  })
})
