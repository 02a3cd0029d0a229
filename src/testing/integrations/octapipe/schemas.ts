import { uuidFrom } from '../../state/random.js'
import type { JsonSchema } from '../json-schema.js'
import type { SandboxEnv } from '../resource.js'

/** A uuid field whose description says where the model finds one. */
export const uuidRef = (description: string): JsonSchema => ({
  type: 'string',
  format: 'uuid',
  description,
})

export const ENTITY_TYPES = ['card', 'pipeline', 'task', 'record', 'user'] as const

export const entityTypeSchema: JsonSchema = {
  type: 'string',
  enum: [...ENTITY_TYPES],
  description: 'Kind of record: `card`, `pipeline`, `task`, `record` (database record) or `user`.',
}

/** A uuid for a record created at run time, deterministic per sandbox. */
export const newUuid = (env: SandboxEnv, kind: string): string =>
  uuidFrom(`octapipe:${kind}:new:${env.next(`octapipe:${kind}`)}`)
