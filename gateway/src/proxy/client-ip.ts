import { BlockList, isIP } from 'node:net'

/**
 * The client's address as the gateway believes it: the socket's, unless the socket is a
 * trusted proxy (`gateway.trustedProxies`, CIDRs), whose X-Forwarded-For is then read
 * from the right, skipping trusted hops, to the first address no trusted proxy vouches
 * for. A client's own X-Forwarded-For is never believed. The list of proxies is compiled
 * once per settings object.
 *
 * @example
 *   const clientIp = createClientIp()
 *   clientIp('10.0.0.5', '203.0.113.7', ['10.0.0.0/8']) // '203.0.113.7'
 */
export function createClientIp() {
  let source: string[] | undefined
  let trusted: BlockList | undefined
  const isTrusted = (address: string) => {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
    const family = isIP(plain)
    return family !== 0 && trusted !== undefined && trusted.check(plain, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (socket: string, forwardedFor: string | null, proxies: string[]): string => {
    if (proxies.length === 0 || !forwardedFor) return socket
    if (proxies !== source) {
      source = proxies
      trusted = compile(proxies)
    }
    if (!isTrusted(socket)) return socket
    const hops = forwardedFor.split(',').map((h) => h.trim())
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? ''
      if (isIP(hop) === 0) return socket // garbage where an address should be: believe nothing past it
      if (!isTrusted(hop)) return hop
    }
    return hops[0] ?? socket
  }
}

function compile(cidrs: string[]): BlockList {
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [address = '', bits] = cidr.split('/')
    const family = isIP(address)
    if (family === 0) continue
    const type = family === 4 ? 'ipv4' : 'ipv6'
    list.addSubnet(address, bits === undefined ? (family === 4 ? 32 : 128) : Number(bits), type)
  }
  return list
}
