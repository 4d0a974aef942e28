/** The rendered objects' shapes and their checks against the Kubernetes API schemas of kubernetes-models (offline). */

/** A container of a rendered workload (the fields the tests read). */
export type Container = {
  name: string
  image: string
  command?: string[]
  args?: string[]
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]
  ports?: { containerPort: number }[]
  livenessProbe?: { httpGet?: { path: string; port: number } }
  readinessProbe?: { httpGet?: { path: string; port: number } }
  securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } }
}
/** A rendered Kubernetes object. */
export type K8sObject = {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string> }
  spec?: any
  data?: any
}

/** The kubernetes-models validator of an object's kind: throws, saying what is wrong. */
export const validatorOf = async (o: K8sObject): Promise<(data: unknown) => void> => {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : [undefined, o.apiVersion]
  const module = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`)
  return (data) => module[o.kind].prototype.validate.call(data)
}

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
