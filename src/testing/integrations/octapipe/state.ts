/** A workspace member; card owners and notification recipients. */
export type OctapipeUser = {
  uuid: string
  name: string
  email: string
  role: 'admin' | 'member'
  created_at: string
}

export type OctapipePipeline = {
  uuid: string
  name: string
  description: string | null
  created_at: string
  updated_at: string
}

export type OctapipeStage = {
  uuid: string
  pipeline_uuid: string
  name: string
  position: number
  created_at: string
}

export type OctapipeCard = {
  uuid: string
  title: string
  description: string | null
  pipeline_uuid: string
  pipeline_stage_uuid: string
  owner_uuid: string | null
  priority: 'low' | 'medium' | 'high' | 'urgent'
  labels: string[]
  due_date: string | null
  created_at: string
  updated_at: string
}

/** Kinds of record a note, notification or task can point at. */
export type OctapipeEntityType = 'card' | 'pipeline' | 'task' | 'record' | 'user'

export type OctapipeNotification = {
  uuid: string
  user_uuid: string
  message: string
  entity_type: OctapipeEntityType | null
  entity_uuid: string | null
  channel: 'in_app' | 'email'
  read: boolean
  created_at: string
}

export type OctapipeNote = {
  uuid: string
  entity_type: OctapipeEntityType
  entity_uuid: string
  content: string
  author_uuid: string | null
  created_at: string
}

export type OctapipeTask = {
  uuid: string
  title: string
  description: string | null
  assignee_uuid: string | null
  status: 'todo' | 'in_progress' | 'done'
  /** `YYYY-MM-DD`; Octapipe keeps dates and times of day in separate fields. */
  start_date: string | null
  end_date: string | null
  /** `HH:MM`, 24-hour. */
  start_time: string | null
  end_time: string | null
  entity_type: OctapipeEntityType | null
  entity_uuid: string | null
  created_at: string
  updated_at: string
}

export type OctapipeFieldType = 'text' | 'number' | 'boolean' | 'date' | 'select' | 'email'

export type OctapipeDatabaseField = {
  key: string
  label: string
  type: OctapipeFieldType
  required: boolean
  /** Allowed values of a `select` field. */
  options?: string[]
}

export type OctapipeDatabase = {
  uuid: string
  name: string
  fields: OctapipeDatabaseField[]
  created_at: string
}

export type OctapipeFieldValue = string | number | boolean | null

export type OctapipeRecord = {
  uuid: string
  database_uuid: string
  custom_fields_values: Record<string, OctapipeFieldValue>
  created_at: string
  updated_at: string
}

/** Everything the Octapipe account holds; tests may read and change it directly. */
export type OctapipeState = {
  users: OctapipeUser[]
  pipelines: OctapipePipeline[]
  stages: OctapipeStage[]
  cards: OctapipeCard[]
  notifications: OctapipeNotification[]
  notes: OctapipeNote[]
  tasks: OctapipeTask[]
  databases: OctapipeDatabase[]
  records: OctapipeRecord[]
}

export const emptyOctapipeState = (): OctapipeState => ({
  users: [],
  pipelines: [],
  stages: [],
  cards: [],
  notifications: [],
  notes: [],
  tasks: [],
  databases: [],
  records: [],
})
