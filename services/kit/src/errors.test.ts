import { describe, expect, it } from 'vitest'
import { AppError, fromProblem, toProblem } from './errors.ts'

describe('problems and AppErrors', () => {
  it('When an AppError is rendered, then it is RFC 9457 with its extensions and without internal facts', () => {
    const error = new AppError('conflict', 'Only 2 left of SKU-1.', {
      productId: 'p1',
      retryAfter: 5,
      internal: { attempt: 3 },
    })
    expect(toProblem(error, '/api/checkout', 'req-1')).toEqual({
      type: 'https://shopfront.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Only 2 left of SKU-1.',
      instance: '/api/checkout',
      requestId: 'req-1',
      retryable: false,
      productId: 'p1',
    })
  })

  it("When an extension is named like one of RFC 9457's members, then the member keeps its meaning", () => {
    // the type refuses such an extension; a cast (or plain JavaScript) still cannot turn the status into text
    const error = new AppError('conflict', 'Order SF-1 is paid.', { status: 'paid', title: 'x' } as never)
    expect(toProblem(error)).toMatchObject({ status: 409, title: 'Conflict', detail: 'Order SF-1 is paid.' })
  })

  it('When a neighbour answers a problem, then it turns back into the same kind of AppError', () => {
    const received = toProblem(new AppError('not_found', 'No product p9.', { productId: 'p9' }))
    const error = fromProblem(404, received)
    expect(error).toMatchObject({
      type: 'not_found',
      status: 404,
      detail: 'No product p9.',
      retryable: false,
      extras: { productId: 'p9' },
    })
    expect(error.internal).toEqual({ upstreamStatus: 404 })
    expect(toProblem(error)).not.toHaveProperty('upstreamStatus')
  })

  it('When a neighbour answers something that is not a problem, then the status decides the type', () => {
    expect(fromProblem(503, 'oops')).toMatchObject({
      type: 'unavailable',
      retryable: true,
      detail: 'Upstream answered 503',
    })
    expect(fromProblem(418, {})).toMatchObject({ type: 'validation', retryable: false })
    expect(fromProblem(599, {})).toMatchObject({ type: 'bad_gateway', retryable: true })
  })

  it('When anything else is rendered, then it is an opaque 500', () => {
    expect(toProblem(new Error('db password is hunter2'))).toMatchObject({
      status: 500,
      detail: 'An unexpected error occurred.',
    })
  })
})
