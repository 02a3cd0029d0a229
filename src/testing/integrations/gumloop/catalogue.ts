import { ok, type ResourceSpec } from '../resource.js'
import { findOr404 } from './fail.js'
import { idRef, page } from './schemas.js'
import type { GumloopState } from './state.js'

type Spec = ResourceSpec<GumloopState>

const catalogue = <T extends { id: string; workspace_id: string }>(
  resource: string,
  singular: string,
  noun: string,
  items: (state: GumloopState) => T[],
): Spec => ({
  resource,
  singular,
  tags: [resource],
  id: idRef(`The ${noun}’s \`id\`, from \`list_all_gumloop_${resource}\`.`),
  methods: [
    {
      method: 'list',
      description: `List Gumloop ${resource} with their names, ids and \`workspace_id\`.`,
      query: {
        type: 'object',
        properties: { workspace_id: idRef('Only those of this workspace.') },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            items(state).filter(
              (i) => !query.workspace_id || i.workspace_id === query.workspace_id,
            ),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: `Get one Gumloop ${noun} by id.`,
      handle: ({ state, id }) => ok(findOr404(items(state), id, noun)),
    },
  ],
})

export const agents = catalogue('agents', 'agent', 'agent', (s) => s.agents)
export const workflows = catalogue('workflows', 'workflow', 'workflow', (s) => s.workflows)

export const workspaces: Spec = {
  resource: 'workspaces',
  singular: 'workspace',
  tags: ['workspaces'],
  methods: [
    {
      method: 'list',
      description:
        'List Gumloop workspaces; a workspace `id` scopes exports of agents and workflows.',
      handle: ({ state, query }) => ok(page(state.workspaces, query)),
    },
  ],
}
