import { paginate } from '../../routes/paginate.js'
import type { JsonSchema } from '../json-schema.js'
import { gumloopFail } from './fail.js'

export const PAGE = { default: 20, max: 50 }

export const page = <T>(items: readonly T[], query: Readonly<Record<string, unknown>>) =>
  paginate(items, query, PAGE, gumloopFail)

/** A string id field whose description says where the model finds one. */
export const idRef = (description: string): JsonSchema => ({ type: 'string', description })
