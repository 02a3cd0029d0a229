import { paginate } from '../../routes/paginate.js'
import { iso } from '../../state/clock.js'
import type { JsonSchema } from '../json-schema.js'
import { created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, octapipeFail } from './fail.js'
import { newUuid, uuidRef } from './schemas.js'
import type {
  OctapipeDatabase,
  OctapipeFieldValue,
  OctapipeRecord,
  OctapipeState,
} from './state.js'

type Spec = ResourceSpec<OctapipeState>
type Filter = { field: string; op?: string; value: unknown }

const PAGE = { default: 15, max: 15 }
const page = <T>(items: readonly T[], query: Readonly<Record<string, unknown>>) =>
  paginate(items, query, PAGE, octapipeFail)

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Checks values against the database's typed fields: unknown keys and wrong types are 400s. */
function checkValues(db: OctapipeDatabase, values: Record<string, unknown>, partial: boolean) {
  for (const [key, value] of Object.entries(values)) {
    const field = db.fields.find((f) => f.key === key)
    if (!field) {
      const known = db.fields.map((f) => f.key).join(', ')
      throw octapipeFail(
        400,
        `custom_fields_values.${key} is not a field of "${db.name}" (fields: ${known})`,
        key,
      )
    }
    if (value === null && !field.required) continue
    const valid =
      field.type === 'number'
        ? typeof value === 'number'
        : field.type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'string' &&
            (field.type !== 'date' || DATE.test(value)) &&
            (field.type !== 'email' || EMAIL.test(value)) &&
            (field.type !== 'select' || (field.options ?? []).includes(value))
    if (!valid) {
      const expected =
        field.type === 'select' ? `one of ${field.options?.join(', ')}` : `a ${field.type}`
      throw octapipeFail(
        400,
        `custom_fields_values.${key} must be ${expected}, got ${JSON.stringify(value)}`,
        key,
      )
    }
  }
  const missing = partial ? [] : db.fields.filter((f) => f.required && values[f.key] == null)
  if (missing.length) {
    throw octapipeFail(400, `custom_fields_values.${missing[0]?.key} is required`, missing[0]?.key)
  }
}

function matches(record: OctapipeRecord, { field, op = 'eq', value }: Filter): boolean {
  const actual = record.custom_fields_values[field]
  switch (op) {
    case 'neq':
      return actual !== value
    case 'gt':
      return actual != null && value != null && actual > (value as OctapipeFieldValue & {})
    case 'gte':
      return actual != null && value != null && actual >= (value as OctapipeFieldValue & {})
    case 'lt':
      return actual != null && value != null && actual < (value as OctapipeFieldValue & {})
    case 'lte':
      return actual != null && value != null && actual <= (value as OctapipeFieldValue & {})
    case 'contains':
      return (
        typeof actual === 'string' && actual.toLowerCase().includes(String(value).toLowerCase())
      )
    case 'in':
      return Array.isArray(value) && value.includes(actual)
    default:
      return actual === value
  }
}

function select(state: OctapipeState, body: Readonly<Record<string, unknown>>) {
  const db = findOr404(state.databases, body.database_uuid, 'database')
  const filters = body.filters as Filter[]
  for (const filter of filters) {
    if (!db.fields.some((f) => f.key === filter.field)) {
      throw octapipeFail(
        400,
        `filters: "${filter.field}" is not a field of "${db.name}"`,
        'filters',
      )
    }
  }
  return {
    db,
    hits: state.records.filter(
      (r) => r.database_uuid === db.uuid && filters.every((f) => matches(r, f)),
    ),
  }
}

const valuesSchema: JsonSchema = {
  type: 'object',
  description:
    'Values by field key. Keys and types come from the database’s `fields` (`get_single_octapipe_database_by_id`); unknown keys are rejected.',
  additionalProperties: { type: ['string', 'number', 'boolean'], nullable: true },
}

const databaseUuid = uuidRef('The database (`uuid` from `list_all_octapipe_databases`).')

const bulkBody = (extra: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  $defs: {
    filter: {
      type: 'object',
      description: 'One condition on a field; a record must meet every condition.',
      properties: {
        field: { type: 'string', description: 'A field key of the database.' },
        op: {
          type: 'string',
          enum: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in'],
          default: 'eq',
        },
        value: {
          description: 'The value to compare with; an array of strings for `in`.',
          oneOf: [
            { type: 'string' },
            { type: 'number' },
            { type: 'boolean' },
            { type: 'array', items: { type: 'string' } },
          ],
        },
      },
      required: ['field', 'value'],
    },
  },
  properties: {
    database_uuid: databaseUuid,
    filters: { type: 'array', minItems: 1, items: { $ref: '#/$defs/filter' } },
    ...extra,
  },
  required: ['database_uuid', 'filters', ...required],
})

export const databases: Spec = {
  resource: 'databases',
  singular: 'database',
  tags: ['databases'],
  id: databaseUuid,
  methods: [
    {
      method: 'list',
      description:
        'List Octapipe databases with their typed fields (the keys and types records accept).',
      handle: ({ state, query }) => ok(page(state.databases, query)),
    },
    {
      method: 'get',
      description:
        'Get one Octapipe database and its fields: key, type, whether required, select options.',
      handle: ({ state, id }) => ok(findOr404(state.databases, id, 'database')),
    },
  ],
}

export const records: Spec = {
  resource: 'database-records',
  singular: 'database_record',
  tags: ['databases'],
  id: uuidRef('The record’s `uuid`, from `list_all_octapipe_database_records`.'),
  methods: [
    {
      method: 'list',
      description: 'List the records of one Octapipe database, 15 per page (follow `next_cursor`).',
      query: {
        type: 'object',
        properties: { database_uuid: databaseUuid },
        required: ['database_uuid'],
      },
      handle: ({ state, query }) => {
        findOr404(state.databases, query.database_uuid, 'database')
        return ok(
          page(
            state.records.filter((r) => r.database_uuid === query.database_uuid),
            query,
          ),
        )
      },
    },
    {
      method: 'get',
      description: 'Get one Octapipe database record by uuid.',
      handle: ({ state, id }) => ok(findOr404(state.records, id, 'record')),
    },
    {
      method: 'create',
      description:
        'Add a record to an Octapipe database. `custom_fields_values` must use the database’s field keys and types.',
      body: {
        type: 'object',
        properties: { database_uuid: databaseUuid, custom_fields_values: valuesSchema },
        required: ['database_uuid', 'custom_fields_values'],
      },
      handle: ({ state, body, now, env }) => {
        const db = findOr404(state.databases, body.database_uuid, 'database')
        const values = body.custom_fields_values as Record<string, OctapipeFieldValue>
        checkValues(db, values, false)
        const record = {
          uuid: newUuid(env, 'record'),
          database_uuid: db.uuid,
          custom_fields_values: { ...values },
          created_at: iso(now),
          updated_at: iso(now),
        }
        state.records.push(record)
        return created(record)
      },
    },
    {
      method: 'update',
      description: 'Change some values of an Octapipe database record; other values stay.',
      body: {
        type: 'object',
        properties: { custom_fields_values: valuesSchema },
        required: ['custom_fields_values'],
      },
      handle: ({ state, id, body, now }) => {
        const record = findOr404(state.records, id, 'record')
        const db = findOr404(state.databases, record.database_uuid, 'database')
        const values = body.custom_fields_values as Record<string, OctapipeFieldValue>
        checkValues(db, values, true)
        Object.assign(record.custom_fields_values, values)
        record.updated_at = iso(now)
        return ok(record)
      },
    },
    {
      method: 'delete',
      description: 'Delete one Octapipe database record.',
      handle: ({ state, id }) => {
        const record = findOr404(state.records, id, 'record')
        state.records.splice(state.records.indexOf(record), 1)
        return ok({ uuid: record.uuid, deleted: true })
      },
    },
    {
      method: 'bulk_update',
      description:
        'Set the same values on every record of an Octapipe database that matches all `filters` (field/op/value). Returns how many records changed.',
      body: bulkBody({ custom_fields_values: valuesSchema }, ['custom_fields_values']),
      handle: ({ state, body, now }) => {
        const { db, hits } = select(state, body)
        const values = body.custom_fields_values as Record<string, OctapipeFieldValue>
        checkValues(db, values, true)
        for (const record of hits) {
          Object.assign(record.custom_fields_values, values)
          record.updated_at = iso(now)
        }
        return ok({ updated: hits.length, uuids: hits.map((r) => r.uuid) })
      },
    },
    {
      method: 'bulk_delete',
      description:
        'Delete every record of an Octapipe database that matches all `filters` (field/op/value). Cannot be undone.',
      body: bulkBody({}, []),
      handle: ({ state, body }) => {
        const { hits } = select(state, body)
        state.records = state.records.filter((r) => !hits.includes(r))
        return ok({ deleted: hits.length, uuids: hits.map((r) => r.uuid) })
      },
    },
  ],
}
