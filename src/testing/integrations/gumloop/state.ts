/** A workspace; agents and workflows belong to one. */
export type GumloopWorkspace = {
  /** The workspace's id. */
  id: string
  /** Display name. */
  name: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** An AI agent that runs sessions. */
export type GumloopAgent = {
  /** The agent's id. */
  id: string
  /** Display name. */
  name: string
  /** What the agent does. */
  description: string
  /** The workspace it belongs to. */
  workspace_id: string
  /** The model it runs on, e.g. `gpt-4.1`. */
  model: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** An automation flow. */
export type GumloopWorkflow = {
  /** The workflow's id. */
  id: string
  /** Display name. */
  name: string
  /** What the workflow does. */
  description: string
  /** The workspace it belongs to. */
  workspace_id: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** Where a session's run is: `idle` waits for a message, `queued` and `processing` run, `completed` and `failed` have finished. */
export type GumloopSessionStatus = 'idle' | 'queued' | 'processing' | 'completed' | 'failed'

/** One message of a session's conversation. */
export type GumloopMessage = {
  /** Who wrote it. */
  role: 'user' | 'agent'
  /** The text. */
  content: string
  /** ISO instant it was sent, in sandbox time. */
  created_at: string
}

/** A conversation with an agent; each message starts a run, which finishes on the sandbox clock. */
export type GumloopSession = {
  /** The session's id. */
  id: string
  /** The agent it talks to. */
  agent_id: string
  /** Where its current run is. */
  status: GumloopSessionStatus
  /** The input it was started with, or `null`. */
  input: string | null
  /** The conversation, oldest first. */
  messages: GumloopMessage[]
  /** When the current run began; the status follows from the time since then. */
  started_at: string | null
  /** When the last run finished, or `null`. */
  completed_at: string | null
  /** Why the last run failed, or `null`. */
  error: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** An artifact's metadata and bytes; the API serves the bytes only through a signed URL. */
export type GumloopArtifact = {
  /** The artifact's id. */
  id: string
  /** The session whose run wrote it. */
  session_id: string
  /** File name, e.g. `research-report.md`. */
  name: string
  /** Media type, e.g. `text/markdown`. */
  mime_type: string
  /** The file's text. */
  content: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** One day's credit usage of an agent or workflow. */
export type GumloopCreditLog = {
  /** The entry's id. */
  id: string
  /** The day, `YYYY-MM-DD`. */
  date: string
  /** Credits spent that day. */
  credits_used: number
  /** What spent them. */
  source_type: 'agent' | 'workflow'
  /** The agent or workflow that spent them. */
  source_id: string
}

/** A data export and its rows. */
export type GumloopExport = {
  /** The export's id. */
  id: string
  /** What was exported. */
  data_type: 'workflows' | 'agents' | 'credit_logs'
  /** The workspace exported, or `null` for credit logs. */
  workspace_id: string | null
  /** How many rows. */
  row_count: number
  /** The exported records. */
  rows: unknown[]
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** Everything the Gumloop account holds; tests may read and change it directly. */
export type GumloopState = {
  /** Workspaces. */
  workspaces: GumloopWorkspace[]
  /** Agents. */
  agents: GumloopAgent[]
  /** Workflows. */
  workflows: GumloopWorkflow[]
  /** Agent sessions, oldest first. */
  sessions: GumloopSession[]
  /** Files written by agent runs. */
  artifacts: GumloopArtifact[]
  /** Daily credit usage. */
  creditLogs: GumloopCreditLog[]
  /** Data exports made so far. */
  exports: GumloopExport[]
}

export const emptyGumloopState = (): GumloopState => ({
  workspaces: [],
  agents: [],
  workflows: [],
  sessions: [],
  artifacts: [],
  creditLogs: [],
  exports: [],
})
