import { iso } from '../../state/clock.js'
import { accepted, created, ok, type ResourceSpec, type SandboxEnv } from '../resource.js'
import { findOr404, gumloopFail } from './fail.js'
import { gumloopId } from './run.js'
import { idRef, page } from './schemas.js'
import type { GumloopArtifact, GumloopSession, GumloopState } from './state.js'

type Spec = ResourceSpec<GumloopState>

function startRun(session: GumloopSession, text: string, now: number) {
  session.messages.push({ role: 'user', content: text, created_at: iso(now) })
  session.input ??= text
  session.status = 'queued'
  session.started_at = iso(now)
  session.completed_at = null
  session.error = null
  session.updated_at = iso(now)
}

export const sessions: Spec = {
  resource: 'sessions',
  singular: 'session',
  tags: ['sessions'],
  id: idRef('The session’s `id`, from `create_a_gumloop_session` or `list_all_gumloop_sessions`.'),
  methods: [
    {
      method: 'list',
      description: 'List Gumloop agent sessions, newest last. Filter by `agent_id` or `status`.',
      query: {
        type: 'object',
        properties: {
          agent_id: idRef('Only sessions of this agent.'),
          status: { type: 'string', enum: ['idle', 'queued', 'processing', 'completed', 'failed'] },
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.sessions.filter(
              (s) =>
                (!query.agent_id || s.agent_id === query.agent_id) &&
                (!query.status || s.status === query.status),
            ),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description:
        'Get a Gumloop session and its `status`: `idle` (waiting for a message), `queued`, `processing`, `completed` or `failed`. Poll this until the status is `completed` or `failed`; then list its artifacts with `list_all_gumloop_artifacts`.',
      handle: ({ state, id }) => ok(findOr404(state.sessions, id, 'session')),
    },
    {
      method: 'create',
      description:
        'Start a session of a Gumloop agent (`agent_id` from `list_all_gumloop_agents`). With `input` it starts running at once (202, status `queued`); without it the session waits `idle` for `gumloop_sessions_send_message`.',
      body: {
        type: 'object',
        properties: {
          agent_id: idRef('The agent to run (`id` from `list_all_gumloop_agents`).'),
          input: {
            type: 'string',
            minLength: 1,
            description: 'The first message, e.g. the research brief.',
          },
          metadata: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: 'Your own labels, echoed back.',
          },
        },
        required: ['agent_id'],
      },
      handle: ({ state, body, now, env }) => {
        const agent = findOr404(state.agents, body.agent_id, 'agent')
        const session: GumloopSession = {
          id: gumloopId('session', `new:${env.next('gumloop:session')}`),
          agent_id: agent.id,
          status: 'idle',
          input: null,
          messages: [],
          started_at: null,
          completed_at: null,
          error: null,
          created_at: iso(now),
          updated_at: iso(now),
        }
        state.sessions.push(session)
        if (typeof body.input !== 'string') return created(session)
        startRun(session, body.input, now)
        return accepted(session)
      },
    },
    {
      method: 'send_message',
      takesId: true,
      description:
        'Send a message to a Gumloop session; an `idle` or finished session starts a new run (202). Fails with 409 while the session is `queued` or `processing`.',
      body: {
        type: 'object',
        properties: { message: { type: 'string', minLength: 1 } },
        required: ['message'],
      },
      handle: ({ state, id, body, now }) => {
        const session = findOr404(state.sessions, id, 'session')
        if (session.status === 'queued' || session.status === 'processing') {
          throw gumloopFail(
            409,
            `session "${session.id}" is ${session.status}; wait until it finishes`,
          )
        }
        startRun(session, String(body.message), now)
        return accepted(session)
      },
    },
  ],
}

const artifactView = (artifact: GumloopArtifact, env: SandboxEnv) => {
  const { content, ...metadata } = artifact
  const link = env.signArtifactUrl(artifact.id)
  return {
    ...metadata,
    size_bytes: new TextEncoder().encode(content).length,
    download_url: link.url,
    download_url_expires_at: iso(link.expiresAt),
  }
}

export const artifacts: Spec = {
  resource: 'artifacts',
  singular: 'artifact',
  tags: ['sessions', 'artifacts'],
  id: idRef('The artifact’s `id`, from `list_all_gumloop_artifacts`.'),
  methods: [
    {
      method: 'list',
      description:
        'List the files a Gumloop session produced (metadata only). Each has a signed `download_url` that serves the bytes without auth until `download_url_expires_at`; fetch it again here for a fresh one.',
      query: {
        type: 'object',
        properties: { session_id: idRef('The session (`id` from `create_a_gumloop_session`).') },
        required: ['session_id'],
      },
      handle: ({ state, query, env }) => {
        findOr404(state.sessions, query.session_id, 'session')
        const own = state.artifacts.filter((a) => a.session_id === query.session_id)
        const { result, next_cursor } = page(own, query)
        return ok({ result: result.map((a) => artifactView(a, env)), next_cursor })
      },
    },
    {
      method: 'get',
      description: 'Get one Gumloop artifact’s metadata with a fresh signed `download_url`.',
      handle: ({ state, id, env }) =>
        ok(artifactView(findOr404(state.artifacts, id, 'artifact'), env)),
    },
  ],
}
