import { iso } from '../../state/clock.js'
import { created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, gumloopFail } from './fail.js'
import { gumloopId } from './run.js'
import { idRef, page } from './schemas.js'
import type { GumloopState } from './state.js'

type Spec = ResourceSpec<GumloopState>

const EXPORT_TYPES = ['workflows', 'agents', 'credit_logs'] as const

export const dataExports: Spec = {
  resource: 'exports',
  singular: 'export',
  tags: ['exports'],
  methods: [
    {
      method: 'create',
      description:
        'Export Gumloop data as rows. Exports of `workflows` or `agents` need a `workspace_id` (from `list_all_gumloop_workspaces`); `credit_logs` exports do not.',
      body: {
        type: 'object',
        properties: {
          data_type: { type: 'string', enum: [...EXPORT_TYPES] },
          workspace_id: idRef('Workspace scope (`id` from `list_all_gumloop_workspaces`).'),
          start_date: {
            type: 'string',
            format: 'date',
            description: 'Credit logs from this day on.',
          },
          end_date: { type: 'string', format: 'date', description: 'Credit logs up to this day.' },
        },
        required: ['data_type'],
      },
      handle: ({ state, body, now, env }) => {
        const type = body.data_type as (typeof EXPORT_TYPES)[number]
        const workspace = body.workspace_id as string | undefined
        if (type !== 'credit_logs' && !workspace) {
          throw gumloopFail(400, `workspace_id is required to export ${type}`)
        }
        if (workspace) findOr404(state.workspaces, workspace, 'workspace')
        const rows =
          type === 'credit_logs'
            ? state.creditLogs.filter(
                (l) =>
                  (!body.start_date || l.date >= String(body.start_date)) &&
                  (!body.end_date || l.date <= String(body.end_date)),
              )
            : (type === 'agents' ? state.agents : state.workflows).filter(
                (i) => i.workspace_id === workspace,
              )
        const record = {
          id: gumloopId('export', env.next('gumloop:export')),
          data_type: type,
          workspace_id: workspace ?? null,
          row_count: rows.length,
          rows,
          created_at: iso(now),
        }
        state.exports.push(record)
        return created(record)
      },
    },
  ],
}

export const creditLogs: Spec = {
  resource: 'credit-logs',
  singular: 'credit_log',
  tags: ['billing'],
  methods: [
    {
      method: 'list',
      description: 'List daily Gumloop credit usage, newest first. No workspace scope needed.',
      query: {
        type: 'object',
        properties: {
          start_date: { type: 'string', format: 'date' },
          end_date: { type: 'string', format: 'date' },
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.creditLogs.filter(
              (l) =>
                (!query.start_date || l.date >= String(query.start_date)) &&
                (!query.end_date || l.date <= String(query.end_date)),
            ),
            query,
          ),
        ),
    },
  ],
}
