import Consul from 'consul'

/**
 * A `consul` client for CONSUL_HTTP_ADDR ("127.0.0.1:8500", "http://consul:8500", or
 * https), with CONSUL_HTTP_TOKEN as its ACL token when set.
 */
export function createConsul(address = '127.0.0.1:8500', token?: string): Consul {
  const url = new URL(address.includes('://') ? address : `http://${address}`)
  const secure = url.protocol === 'https:'
  return new Consul({
    host: url.hostname,
    port: Number(url.port || (secure ? 443 : 8500)),
    secure,
    ...(token ? { defaults: { token } } : {}),
  })
}

export type { Consul }
