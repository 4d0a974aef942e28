/**
 * The fields of `object` its Kubernetes schema does not have (a misspelt `readinesProbe`), as
 * JSON pointers. The schemas of kubernetes-models allow unknown fields, but their validators
 * read every field a schema names: a field `validate` never read is one the API server does
 * not know (it refuses it, or drops it unseen). An object the validator lists the keys of (a
 * map: labels, a ConfigMap's data) has no unknown field.
 */
export function unknownFields(validate: (data: unknown) => void, object: unknown): string[] {
  const read = new Map<object, Set<PropertyKey> | 'every key'>()
  const watched = (node: unknown): unknown =>
    node && typeof node === 'object'
      ? new Proxy(node, {
          get(target, key, receiver) {
            const seen = read.get(target)
            if (seen !== 'every key') read.set(target, (seen ?? new Set()).add(key))
            return watched(Reflect.get(target, key, receiver))
          },
          ownKeys(target) {
            read.set(target, 'every key')
            return Reflect.ownKeys(target)
          },
        })
      : node
  validate(watched(object))
  const unknown: string[] = []
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return
    const seen = read.get(node)
    for (const [key, value] of Object.entries(node))
      if (Array.isArray(node) || seen === 'every key' || seen?.has(key)) walk(value, `${path}/${key}`)
      else unknown.push(`${path}/${key}`)
  }
  walk(object, '')
  return unknown
}
