/** deploy/ rendered as a user renders it, for the Kubernetes tests (no cluster needed). */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { envValues } from './compose-config.ts'
import type { Container, K8sObject } from './kubernetes-models.ts'
import { freshEnv } from './make-env.ts'

export const root = join(import.meta.dirname, '..')
export const read = (path: string) => readFileSync(join(root, path), 'utf8')
export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0

/**
 * deploy/ as a user has it after `bun run deploy:secrets --out=deploy/secrets.env`, in a
 * scratch copy (`remove()` deletes it), rendered by `kubectl kustomize`: the run, its
 * objects, and the secrets it was given.
 */
export function renderDeploy() {
  const scratch = mkdtempSync(join(tmpdir(), 'shopfront-kubernetes-'))
  for (const part of ['kustomization.yaml', 'kubernetes', 'consul', 'postgres', 'prometheus'])
    cpSync(join(root, 'deploy', part), join(scratch, part), { recursive: true })
  const kustomize = () => spawnSync('kubectl', ['kustomize', scratch], { encoding: 'utf8' })
  const secretsText = freshEnv(read('.env.example'))
  writeFileSync(join(scratch, 'secrets.env'), secretsText)
  const run = kustomize()
  const objects = parseAllDocuments(run.stdout ?? '').map((d) => d.toJSON() as K8sObject)
  return {
    scratch,
    kustomize,
    secretsText,
    secrets: envValues(secretsText),
    run,
    objects,
    named: (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name),
    /** A generated ConfigMap (its name ends in a hash of its data) by the name kustomization.yaml gives it. */
    configMap: (name: string) =>
      objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.replace(/-[a-z0-9]{10}$/, '') === name),
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  }
}

export const containersOf = (o: K8sObject): Container[] => o.spec.template.spec.containers
