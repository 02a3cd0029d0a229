export type GumloopWorkspace = { id: string; name: string; created_at: string }

export type GumloopAgent = {
  id: string
  name: string
  description: string
  workspace_id: string
  model: string
  created_at: string
}

export type GumloopWorkflow = {
  id: string
  name: string
  description: string
  workspace_id: string
  created_at: string
}

export type GumloopSessionStatus = 'idle' | 'queued' | 'processing' | 'completed' | 'failed'

export type GumloopMessage = { role: 'user' | 'agent'; content: string; created_at: string }

export type GumloopSession = {
  id: string
  agent_id: string
  status: GumloopSessionStatus
  input: string | null
  messages: GumloopMessage[]
  /** When the current run began; the status follows from the time since then. */
  started_at: string | null
  completed_at: string | null
  error: string | null
  created_at: string
  updated_at: string
}

/** An artifact's metadata and bytes; the API serves the bytes only through a signed URL. */
export type GumloopArtifact = {
  id: string
  session_id: string
  name: string
  mime_type: string
  content: string
  created_at: string
}

export type GumloopCreditLog = {
  id: string
  date: string
  credits_used: number
  source_type: 'agent' | 'workflow'
  source_id: string
}

export type GumloopExport = {
  id: string
  data_type: 'workflows' | 'agents' | 'credit_logs'
  workspace_id: string | null
  row_count: number
  rows: unknown[]
  created_at: string
}

/** Everything the Gumloop account holds; tests may read and change it directly. */
export type GumloopState = {
  workspaces: GumloopWorkspace[]
  agents: GumloopAgent[]
  workflows: GumloopWorkflow[]
  sessions: GumloopSession[]
  artifacts: GumloopArtifact[]
  creditLogs: GumloopCreditLog[]
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
