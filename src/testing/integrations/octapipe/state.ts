/** A workspace member; card owners and notification recipients. */
export type OctapipeUser = {
  /** The user's id. */
  uuid: string
  /** Full name. */
  name: string
  /** Email address. */
  email: string
  /** Workspace role. */
  role: 'admin' | 'member'
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A sales or delivery pipeline; its stages hold its cards. */
export type OctapipePipeline = {
  /** The pipeline's id. */
  uuid: string
  /** Display name. */
  name: string
  /** What the pipeline is for, or `null`. */
  description: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** One column of a pipeline. */
export type OctapipeStage = {
  /** The stage's id. */
  uuid: string
  /** The pipeline it belongs to. */
  pipeline_uuid: string
  /** Display name, e.g. `In Review`. */
  name: string
  /** Its place in the pipeline, from 0. */
  position: number
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A deal or work item on a pipeline stage. */
export type OctapipeCard = {
  /** The card's id. */
  uuid: string
  /** Title. */
  title: string
  /** Longer text, or `null`. */
  description: string | null
  /** The pipeline it is on. */
  pipeline_uuid: string
  /** The stage it is in. */
  pipeline_stage_uuid: string
  /** The user who owns it, or `null`. */
  owner_uuid: string | null
  /** Priority. */
  priority: 'low' | 'medium' | 'high' | 'urgent'
  /** Free-form labels. */
  labels: string[]
  /** `YYYY-MM-DD`, or `null`. */
  due_date: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** Kinds of record a note, notification or task can point at. */
export type OctapipeEntityType = 'card' | 'pipeline' | 'task' | 'record' | 'user'

/** A message sent to a user, optionally about a record. */
export type OctapipeNotification = {
  /** The notification's id. */
  uuid: string
  /** The recipient. */
  user_uuid: string
  /** The text. */
  message: string
  /** Kind of record it is about, or `null`. */
  entity_type: OctapipeEntityType | null
  /** Id of the record it is about, or `null`. */
  entity_uuid: string | null
  /** How it is delivered. */
  channel: 'in_app' | 'email'
  /** True once the recipient has read it. */
  read: boolean
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A note on a record. */
export type OctapipeNote = {
  /** The note's id. */
  uuid: string
  /** Kind of record it is on. */
  entity_type: OctapipeEntityType
  /** Id of the record it is on. */
  entity_uuid: string
  /** The text. */
  content: string
  /** The user who wrote it, or `null`. */
  author_uuid: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A to-do, optionally scheduled and about a record. */
export type OctapipeTask = {
  /** The task's id. */
  uuid: string
  /** Title. */
  title: string
  /** Longer text, or `null`. */
  description: string | null
  /** The user it is assigned to, or `null`. */
  assignee_uuid: string | null
  /** Progress. */
  status: 'todo' | 'in_progress' | 'done'
  /** `YYYY-MM-DD`; Octapipe keeps dates and times of day in separate fields. */
  start_date: string | null
  /** `YYYY-MM-DD`, or `null`. */
  end_date: string | null
  /** `HH:MM`, 24-hour. */
  start_time: string | null
  /** `HH:MM`, 24-hour, or `null`. */
  end_time: string | null
  /** Kind of record it is about, or `null`. */
  entity_type: OctapipeEntityType | null
  /** Id of the record it is about, or `null`. */
  entity_uuid: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** Kind of value an {@link OctapipeDatabaseField} holds. @inline */
export type OctapipeFieldType = 'text' | 'number' | 'boolean' | 'date' | 'select' | 'email'

/** One field of a custom database. */
export type OctapipeDatabaseField = {
  /** Key under a record's `custom_fields_values`. */
  key: string
  /** Display name. */
  label: string
  /** Kind of value it holds. */
  type: OctapipeFieldType
  /** True when every record must have a value. */
  required: boolean
  /** Allowed values of a `select` field. */
  options?: string[]
}

/** A custom database: its fields, and records (`OctapipeRecord`) that fill them. */
export type OctapipeDatabase = {
  /** The database's id. */
  uuid: string
  /** Display name. */
  name: string
  /** Its fields, in order. */
  fields: OctapipeDatabaseField[]
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A value of a custom database field; `null` when unset. */
export type OctapipeFieldValue = string | number | boolean | null

/** A row of a custom database. */
export type OctapipeRecord = {
  /** The record's id. */
  uuid: string
  /** The database it belongs to. */
  database_uuid: string
  /** Its values, by field `key`. */
  custom_fields_values: Record<string, OctapipeFieldValue>
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** Everything the Octapipe account holds; tests may read and change it directly. */
export type OctapipeState = {
  /** Workspace members. */
  users: OctapipeUser[]
  /** Pipelines. */
  pipelines: OctapipePipeline[]
  /** Stages of every pipeline. */
  stages: OctapipeStage[]
  /** Cards of every pipeline. */
  cards: OctapipeCard[]
  /** Notifications sent to users. */
  notifications: OctapipeNotification[]
  /** Notes on records. */
  notes: OctapipeNote[]
  /** Tasks. */
  tasks: OctapipeTask[]
  /** Custom databases. */
  databases: OctapipeDatabase[]
  /** Records of every custom database. */
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
