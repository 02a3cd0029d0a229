import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeEach, expect, test } from 'vitest'
import { client, listAll } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const account = { integrated_account_id: sandbox.accounts.octapipe }
const HOUR = 3_600_000

beforeEach(() => sandbox.reset())

async function coreEngineering() {
  const pipeline = (await api.get('/proxy/pipelines', { ...account, name: 'Core Engineering' }))
    .json.result[0]
  const stages = (
    await api.get('/proxy/pipeline-stages', { ...account, pipeline_uuid: pipeline.uuid })
  ).json.result
  const stage = (name: string) => stages.find((s: any) => s.name === name)
  return { pipeline, stages, stage }
}

test('pipelines filter by name', async () => {
  const { json } = await api.get('/proxy/pipelines', { ...account, name: 'Core Engineering' })
  expect(json.result).toHaveLength(1)
  expect(json.result[0].name).toBe('Core Engineering')
})

test('stages filter by pipeline and come in board order', async () => {
  const { stages } = await coreEngineering()
  expect(stages.map((s: any) => s.name)).toEqual([
    'Backlog',
    'Ready',
    'In Progress',
    'In Review',
    'Blocked',
    'Done',
  ])
})

test('40 cards page 15 at a time', async () => {
  const { pipeline } = await coreEngineering()
  const { items, pages } = await listAll(api, 'pipeline-cards', {
    ...account,
    pipeline_uuid: pipeline.uuid,
  })
  expect(items).toHaveLength(40)
  expect(pages).toBe(3)
})

test('a limit above 15 is clamped to 15', async () => {
  const { json } = await api.get('/proxy/pipeline-cards', { ...account, limit: 100 })
  expect(json.result).toHaveLength(15)
  expect(json.next_cursor).not.toBeNull()
})

test('In Review holds 18 cards over 2 pages; 5 are stale, the others fresh', async () => {
  const { pipeline, stage } = await coreEngineering()
  const inReview = stage('In Review')
  const { items, pages } = await listAll(api, 'pipeline-cards', {
    ...account,
    pipeline_uuid: pipeline.uuid,
    pipeline_stage_uuid: inReview.uuid,
  })
  expect(pages).toBe(2)
  const cutoff = sandbox.clock.now() - 48 * HOUR
  const stale = items.filter((c) => Date.parse(c.updated_at) < cutoff)
  expect(items.every((c) => c.pipeline_stage_uuid === inReview.uuid)).toBe(true)
  expect(stale.map((c) => c.title)).toEqual([
    'Rate-limit webhook retries',
    'Audit IAM roles',
    'SLO dashboard for search',
    'Rotate database credentials',
    'Harden CSP headers',
  ])
  expect(items.length - stale.length).toBe(13)
})

test('every card has an owner with an email', async () => {
  const card = sandbox.state.octapipe.cards[2]
  const owner = await api.get(`/proxy/users/${card?.owner_uuid}`, account)
  expect(owner.json.email).toMatch(/@/)
})

test('moving a card needs pipeline_uuid and pipeline_stage_uuid', async () => {
  const { stage } = await coreEngineering()
  const card = sandbox.state.octapipe.cards[2]
  const { status, json } = await api.patch(`/proxy/pipeline-cards/${card?.uuid}`, account, {
    pipeline_stage_uuid: stage('Blocked').uuid,
  })
  expect(status).toBe(400)
  expect(json).toMatchObject({
    statusCode: 400,
    truto_is_remote_error: true,
    raw_response: { success: false, error: { code: 'VALIDATION_FAILED', field: 'pipeline_uuid' } },
  })
  expect(json.message).toMatch(/pipeline_uuid and pipeline_stage_uuid are both required/)
})

test('a card moves with both ids and its updated_at follows the clock', async () => {
  const { pipeline, stage } = await coreEngineering()
  const card = sandbox.state.octapipe.cards[2]
  sandbox.clock.advance(60_000)
  const { status, json } = await api.patch(`/proxy/pipeline-cards/${card?.uuid}`, account, {
    pipeline_uuid: pipeline.uuid,
    pipeline_stage_uuid: stage('Blocked').uuid,
  })
  expect(status).toBe(200)
  expect(sandbox.state.octapipe.cards[2]?.pipeline_stage_uuid).toBe(stage('Blocked').uuid)
  expect(json.updated_at).toBe(new Date(sandbox.clock.now()).toISOString())
})

test('a stage of another pipeline is rejected', async () => {
  const { pipeline } = await coreEngineering()
  const salesStage = sandbox.state.octapipe.stages.find((s) => s.name === 'Won')
  const { status, json } = await api.post('/proxy/pipeline-cards', account, {
    title: 'Wrong board',
    pipeline_uuid: pipeline.uuid,
    pipeline_stage_uuid: salesStage?.uuid,
  })
  expect(status).toBe(400)
  expect(json.message).toMatch(/is not a stage of pipeline/)
})

test('a card is created and gets a deterministic uuid', async () => {
  const { pipeline, stage } = await coreEngineering()
  const body = {
    title: 'New card',
    pipeline_uuid: pipeline.uuid,
    pipeline_stage_uuid: stage('Backlog').uuid,
  }
  const first = await api.post('/proxy/pipeline-cards', account, body)
  sandbox.reset()
  const again = await api.post('/proxy/pipeline-cards', account, body)
  expect(first.status).toBe(201)
  expect(first.json.uuid).toBe(again.json.uuid)
})

test('a notification for a card owner is stored', async () => {
  const card = sandbox.state.octapipe.cards[2]
  const { status } = await api.post('/proxy/notifications', account, {
    user_uuid: card?.owner_uuid,
    message: 'Your card has been in review for 2 days',
    entity_type: 'card',
    entity_uuid: card?.uuid,
  })
  expect(status).toBe(201)
  expect(sandbox.state.octapipe.notifications.at(-1)).toMatchObject({
    user_uuid: card?.owner_uuid,
    read: false,
  })
})

test('notes live on an entity’s record', async () => {
  const card = sandbox.state.octapipe.cards[5]
  await api.post('/proxy/notes', account, {
    entity_type: 'card',
    entity_uuid: card?.uuid,
    content: 'Looks good',
  })
  const { json } = await api.get('/proxy/notes', {
    ...account,
    entity_type: 'card',
    entity_uuid: card?.uuid,
  })
  expect(json.result.map((n: { content: string }) => n.content)).toEqual(['Looks good'])
})

test('a note on a missing entity is a 400', async () => {
  const { status } = await api.post('/proxy/notes', account, {
    entity_type: 'card',
    entity_uuid: '00000000-0000-4000-8000-000000000000',
    content: 'x',
  })
  expect(status).toBe(400)
})

test('tasks keep dates and times apart', async () => {
  const task = {
    title: 'Standup',
    start_date: '2025-06-03',
    start_time: '09:30',
    end_date: '2025-06-03',
    end_time: '09:45',
  }
  const created = await api.post('/proxy/tasks', account, task)
  const isoInDate = await api.post('/proxy/tasks', account, {
    title: 'x',
    start_date: '2025-06-03T09:30:00Z',
  })
  expect(created.json).toMatchObject(task)
  expect(isoInDate.status).toBe(400)
  expect(isoInDate.json.message).toMatch(/start_date must be a valid date/)
})

test('a task that ends before it starts is a 400', async () => {
  const { status } = await api.post('/proxy/tasks', account, {
    title: 'Backwards',
    start_date: '2025-06-03',
    start_time: '10:00',
    end_date: '2025-06-03',
    end_time: '09:00',
  })
  expect(status).toBe(400)
})

test('record values are typed by the database fields', async () => {
  const db = sandbox.state.octapipe.databases[0]
  const record = sandbox.state.octapipe.records[0]
  const unknownKey = await api.patch(`/proxy/database-records/${record?.uuid}`, account, {
    custom_fields_values: { favourite_colour: 'blue' },
  })
  const wrongType = await api.patch(`/proxy/database-records/${record?.uuid}`, account, {
    custom_fields_values: { arr: 'a lot' },
  })
  const good = await api.post('/proxy/database-records', account, {
    database_uuid: db?.uuid,
    custom_fields_values: { company: 'Tyrell', tier: 'enterprise', renewal_date: '2026-01-01' },
  })
  expect(unknownKey.status).toBe(400)
  expect(unknownKey.json.message).toMatch(/favourite_colour is not a field/)
  expect(wrongType.status).toBe(400)
  expect(wrongType.json.message).toMatch(/arr must be a number/)
  expect(good.status).toBe(201)
})

test('bulk_update changes every record matching the filters', async () => {
  const db = sandbox.state.octapipe.databases[0]
  const { status, json } = await api.post('/proxy/database-records/bulk_update', account, {
    database_uuid: db?.uuid,
    filters: [
      { field: 'tier', op: 'eq', value: 'enterprise' },
      { field: 'arr', op: 'gte', value: 50_000 },
    ],
    custom_fields_values: { churn_risk: true },
  })
  const hits = sandbox.state.octapipe.records.filter((r) => json.uuids.includes(r.uuid))
  expect(status).toBe(200)
  expect(json.updated).toBe(3)
  expect(hits.every((r) => r.custom_fields_values.churn_risk === true)).toBe(true)
})

test('bulk_delete removes matching records and refuses empty filters', async () => {
  const db = sandbox.state.octapipe.databases[0]
  const empty = await api.post('/proxy/database-records/bulk_delete', account, {
    database_uuid: db?.uuid,
    filters: [],
  })
  const { json } = await api.post('/proxy/database-records/bulk_delete', account, {
    database_uuid: db?.uuid,
    filters: [{ field: 'company', op: 'in', value: ['Acme', 'Hooli'] }],
  })
  expect(empty.status).toBe(400)
  expect(json.deleted).toBe(2)
  expect(sandbox.state.octapipe.records).toHaveLength(10)
})

test('a filter on an unknown field is a 400', async () => {
  const db = sandbox.state.octapipe.databases[0]
  const { status } = await api.post('/proxy/database-records/bulk_delete', account, {
    database_uuid: db?.uuid,
    filters: [{ field: 'nope', value: 1 }],
  })
  expect(status).toBe(400)
})
