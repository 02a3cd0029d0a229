// The integrations of the large benchmark catalogue, as Truto generates tools for them: each
// resource gets the CRUD tools its letters name (l list, g get, c create, u update, d delete) and
// its custom methods. Descriptions are written the way integration docs read, not as queries.

/** One request or response field: its name and what it holds. */
export type Field = readonly [name: string, description: string]

/** A custom method: its name, what it does, and its own fields. */
export type Custom = readonly [method: string, description: string, fields?: readonly Field[]]

export type ResourceSpec = {
  /** Truto's resource path, plural. */
  readonly path: string
  readonly singular: string
  /** What one record is, in the integration's own words. */
  readonly about: string
  /** CRUD letters: l list, g get, c create, u update, d delete. */
  readonly methods: string
  readonly fields?: readonly Field[]
  readonly custom?: readonly Custom[]
}

export type IntegrationSpec = {
  readonly name: string
  readonly label: string
  readonly resources: readonly ResourceSpec[]
}

const r = (
  path: string,
  singular: string,
  methods: string,
  about: string,
  fields: readonly Field[] = [],
  custom: readonly Custom[] = [],
): ResourceSpec => ({ path, singular, methods, about, fields, custom })

export const INTEGRATIONS: readonly IntegrationSpec[] = [
  {
    name: 'hubspot',
    label: 'HubSpot',
    resources: [
      r(
        'contacts',
        'contact',
        'lgcud',
        'Contacts store information about an individual person, such as their email, lifecycle stage and owner.',
        [
          ['email', 'Primary email address'],
          ['firstname', 'First name'],
          ['lastname', 'Last name'],
          ['lifecyclestage', 'Lifecycle stage, e.g. lead, customer'],
          ['hubspot_owner_id', 'Owner of the record'],
        ],
        [
          [
            'search',
            'Search contacts with filter groups on any property, sorted and paged.',
            [
              ['query', 'Free text to match'],
              ['filterGroups', 'Property filters'],
            ],
          ],
          [
            'merge',
            'Merge two contact records; the secondary is folded into the primary.',
            [
              ['primaryObjectId', 'Record kept'],
              ['objectIdToMerge', 'Record merged away'],
            ],
          ],
        ],
      ),
      r(
        'companies',
        'company',
        'lgcud',
        'Companies represent businesses and organizations; contacts and deals can be associated with them.',
        [
          ['name', 'Company name'],
          ['domain', 'Website domain'],
          ['industry', 'Industry'],
        ],
      ),
      r(
        'deals',
        'deal',
        'lgcud',
        'Deals track revenue opportunities through the stages of a sales pipeline.',
        [
          ['dealname', 'Name of the deal'],
          ['amount', 'Deal amount'],
          ['dealstage', 'Stage in the pipeline'],
          ['closedate', 'Expected close date'],
        ],
        [['search', 'Search deals by property filters such as stage, amount or close date.']],
      ),
      r(
        'tickets',
        'ticket',
        'lgcud',
        'Tickets represent customer service requests handled in the help desk.',
        [
          ['subject', 'Ticket subject'],
          ['hs_pipeline_stage', 'Ticket status stage'],
          ['hs_ticket_priority', 'Priority'],
        ],
      ),
      r('notes', 'note', 'lgcud', 'Notes are engagements logged on a record timeline.', [
        ['hs_note_body', 'Text of the note'],
        ['hs_timestamp', 'When the note was made'],
      ]),
      r(
        'tasks',
        'task',
        'lgcud',
        'Tasks are to-dos for a team member, with a due date and status.',
        [
          ['hs_task_subject', 'Title'],
          ['hs_task_status', 'NOT_STARTED or COMPLETED'],
          ['hs_timestamp', 'Due date'],
        ],
      ),
      r(
        'owners',
        'owner',
        'lg',
        'Owners are the users of the HubSpot account who can be assigned records.',
        [['email', 'Filter by email']],
      ),
      r(
        'pipelines',
        'pipeline',
        'lg',
        'Pipelines define the stages deals or tickets move through.',
        [['object_type', 'deals or tickets']],
      ),
      r(
        'meetings',
        'meeting',
        'lgc',
        'Meetings are engagements logged on records with a start and end time.',
        [
          ['hs_meeting_title', 'Title'],
          ['hs_meeting_start_time', 'Start time'],
        ],
      ),
    ],
  },
  {
    name: 'salesforce',
    label: 'Salesforce',
    resources: [
      r(
        'accounts',
        'account',
        'lgcud',
        'An Account is an organization or person involved with your business, such as a customer, competitor or partner.',
        [
          ['Name', 'Account name'],
          ['Industry', 'Industry'],
          ['OwnerId', 'Owner user id'],
        ],
      ),
      r('contacts', 'contact', 'lgcud', 'A Contact is a person associated with an Account.', [
        ['FirstName', 'First name'],
        ['LastName', 'Last name'],
        ['Email', 'Email'],
        ['AccountId', 'Parent account'],
      ]),
      r(
        'leads',
        'lead',
        'lgcud',
        'A Lead is a prospect or potential opportunity that has not yet been qualified.',
        [
          ['Company', 'Company'],
          ['Status', 'Lead status'],
          ['Email', 'Email'],
        ],
        [
          [
            'convert',
            'Convert a qualified Lead into an Account, Contact and optionally an Opportunity.',
            [
              ['convertedStatus', 'Status after conversion'],
              ['doNotCreateOpportunity', 'Skip the opportunity'],
            ],
          ],
        ],
      ),
      r(
        'opportunities',
        'opportunity',
        'lgcud',
        'An Opportunity is a sale or pending deal, with an amount, stage and close date.',
        [
          ['StageName', 'Stage'],
          ['Amount', 'Amount'],
          ['CloseDate', 'Close date'],
        ],
      ),
      r(
        'cases',
        'case',
        'lgcud',
        'A Case is a customer issue such as a question, feedback or problem.',
        [
          ['Subject', 'Subject'],
          ['Status', 'Status'],
          ['Priority', 'Priority'],
          ['Origin', 'Channel the case came from'],
        ],
      ),
      r(
        'tasks',
        'task',
        'lgcud',
        'A Task is an activity such as a call or to-do assigned to a user.',
        [
          ['Subject', 'Subject'],
          ['ActivityDate', 'Due date'],
          ['WhoId', 'Related contact or lead'],
        ],
      ),
      r('users', 'user', 'lg', 'A User is a person who can log in to the Salesforce org.', [
        ['IsActive', 'Active users only'],
      ]),
      r(
        'campaigns',
        'campaign',
        'lgcu',
        'A Campaign is a marketing initiative, such as an advertisement or trade show.',
        [
          ['Name', 'Name'],
          ['Status', 'Status'],
          ['StartDate', 'Start date'],
        ],
      ),
    ],
  },
  {
    name: 'pipedrive',
    label: 'Pipedrive',
    resources: [
      r(
        'persons',
        'person',
        'lgcud',
        'Persons are your contacts, the customers you are doing deals with.',
        [
          ['name', 'Full name'],
          ['email', 'Emails'],
          ['org_id', 'Organization'],
        ],
      ),
      r(
        'organizations',
        'organization',
        'lgcud',
        'Organizations are companies and other kinds of organizations you are making deals with.',
        [
          ['name', 'Name'],
          ['address', 'Address'],
        ],
      ),
      r(
        'deals',
        'deal',
        'lgcud',
        'Deals are ongoing, won or lost sales made to an organization or a person.',
        [
          ['title', 'Title'],
          ['value', 'Value'],
          ['stage_id', 'Stage'],
          ['status', 'open, won, lost or deleted'],
        ],
        [['duplicate', 'Duplicate a deal with all its fields.']],
      ),
      r(
        'activities',
        'activity',
        'lgcud',
        'Activities are calls, meetings, lunches and other events scheduled against deals, persons or organizations.',
        [
          ['subject', 'Subject'],
          ['type', 'Activity type, e.g. call'],
          ['due_date', 'Due date'],
          ['done', 'Whether it is done'],
        ],
      ),
      r(
        'notes',
        'note',
        'lgcud',
        'Notes are pieces of textual content attached to deals, persons or organizations.',
        [
          ['content', 'Text'],
          ['deal_id', 'Deal'],
        ],
      ),
      r(
        'pipelines',
        'pipeline',
        'lg',
        'Pipelines are ordered sets of stages that deals move through.',
      ),
      r('stages', 'stage', 'lg', 'Stages are the steps of a pipeline.', [
        ['pipeline_id', 'Pipeline'],
      ]),
      r(
        'products',
        'product',
        'lgcud',
        'Products are the goods or services you sell, with prices, which can be attached to deals.',
        [
          ['name', 'Name'],
          ['code', 'Product code'],
          ['prices', 'Prices per currency'],
        ],
      ),
    ],
  },
  {
    name: 'zoho_crm',
    label: 'Zoho CRM',
    resources: [
      r(
        'leads',
        'lead',
        'lgcud',
        'Leads are unqualified contacts collected from web forms, trade shows or imports.',
        [
          ['Last_Name', 'Last name'],
          ['Company', 'Company'],
          ['Lead_Source', 'Source'],
        ],
      ),
      r(
        'contacts',
        'contact',
        'lgcud',
        'Contacts are people in the companies you do business with.',
        [
          ['Email', 'Email'],
          ['Account_Name', 'Account'],
        ],
      ),
      r('accounts', 'account', 'lgcud', 'Accounts are the companies you do business with.', [
        ['Account_Name', 'Name'],
      ]),
      r(
        'deals',
        'deal',
        'lgcud',
        'Deals are sales in progress, with a stage, amount and closing date.',
        [
          ['Deal_Name', 'Name'],
          ['Stage', 'Stage'],
          ['Amount', 'Amount'],
        ],
      ),
      r('calls', 'call', 'lgc', 'Calls are logged phone calls with their duration and outcome.', [
        ['Call_Duration', 'Duration'],
        ['Call_Result', 'Result'],
      ]),
      r(
        'meetings',
        'meeting',
        'lgcud',
        'Meetings are events with participants, a start and an end.',
        [
          ['Event_Title', 'Title'],
          ['Start_DateTime', 'Start'],
        ],
      ),
    ],
  },
  {
    name: 'zendesk',
    label: 'Zendesk',
    resources: [
      r(
        'tickets',
        'ticket',
        'lgcud',
        'Tickets are the means through which end users communicate with agents.',
        [
          ['subject', 'Subject'],
          ['status', 'new, open, pending, hold, solved or closed'],
          ['priority', 'urgent, high, normal or low'],
          ['assignee_id', 'Agent assigned'],
          ['requester_id', 'End user who asked'],
        ],
        [
          [
            'merge',
            'Merge one or more tickets into a target ticket; their comments are copied over.',
            [['ids', 'Tickets to merge']],
          ],
        ],
      ),
      r('users', 'user', 'lgcud', 'Users are end users, agents and admins of the help desk.', [
        ['email', 'Email'],
        ['role', 'end-user, agent or admin'],
      ]),
      r(
        'organizations',
        'organization',
        'lgcud',
        'Organizations group end users, e.g. by company.',
        [
          ['name', 'Name'],
          ['domain_names', 'Domains'],
        ],
      ),
      r('groups', 'group', 'lg', 'Groups are teams of agents that tickets can be assigned to.'),
      r(
        'ticket-comments',
        'ticket comment',
        'lc',
        'Ticket comments are the conversation on a ticket; a comment can be public or an internal note.',
        [
          ['ticket_id', 'Ticket'],
          ['body', 'Text'],
          ['public', 'false for an internal note'],
        ],
      ),
      r(
        'macros',
        'macro',
        'lg',
        'Macros are prepared responses and actions agents apply to tickets.',
        [],
        [['apply', 'Show the changes a macro would make to a ticket.', [['ticket_id', 'Ticket']]]],
      ),
      r(
        'views',
        'view',
        'lg',
        'Views are saved ticket lists defined by conditions.',
        [],
        [['count', 'Count the tickets in a view.']],
      ),
      r(
        'satisfaction-ratings',
        'satisfaction rating',
        'lg',
        'Satisfaction ratings are the good or bad scores end users give solved tickets.',
        [['score', 'good or bad']],
      ),
    ],
  },
  {
    name: 'freshdesk',
    label: 'Freshdesk',
    resources: [
      r(
        'tickets',
        'ticket',
        'lgcud',
        'Tickets are support requests raised by customers by email, portal, phone or chat.',
        [
          ['subject', 'Subject'],
          ['status', '2 open, 3 pending, 4 resolved, 5 closed'],
          ['priority', '1 low to 4 urgent'],
          ['responder_id', 'Agent'],
        ],
        [
          [
            'reply',
            'Reply to a ticket; the requester receives it by email.',
            [['body', 'HTML body']],
          ],
          [
            'add_note',
            'Add a private or public note to a ticket.',
            [
              ['body', 'Text'],
              ['private', 'Private to agents'],
            ],
          ],
        ],
      ),
      r('contacts', 'contact', 'lgcud', 'Contacts are the customers who raise tickets.', [
        ['email', 'Email'],
        ['company_id', 'Company'],
      ]),
      r('companies', 'company', 'lgcud', 'Companies group contacts by their organization.', [
        ['name', 'Name'],
      ]),
      r('agents', 'agent', 'lgu', 'Agents are the support staff who work on tickets.', [
        ['email', 'Email'],
        ['ticket_scope', 'Which tickets they can see'],
      ]),
      r(
        'conversations',
        'conversation',
        'l',
        'Conversations are the replies and notes on a ticket.',
        [['ticket_id', 'Ticket']],
      ),
      r(
        'time-entries',
        'time entry',
        'lcud',
        'Time entries record the time agents spent on tickets.',
        [
          ['time_spent', 'hh:mm'],
          ['billable', 'Billable'],
        ],
      ),
    ],
  },
  {
    name: 'intercom',
    label: 'Intercom',
    resources: [
      r(
        'contacts',
        'contact',
        'lgcud',
        'Contacts are your users and leads who talk to you in the Messenger.',
        [
          ['email', 'Email'],
          ['role', 'user or lead'],
        ],
      ),
      r(
        'conversations',
        'conversation',
        'lg',
        'Conversations are threads between contacts and your teammates.',
        [['state', 'open, closed or snoozed']],
        [
          [
            'reply',
            'Reply to a conversation as an admin, or add an internal note.',
            [
              ['message_type', 'comment or note'],
              ['body', 'Text'],
            ],
          ],
          ['close', 'Close a conversation.'],
          [
            'assign',
            'Assign a conversation to an admin or a team.',
            [['assignee_id', 'Admin or team']],
          ],
        ],
      ),
      r(
        'companies',
        'company',
        'lgcu',
        'Companies group contacts by the business they belong to.',
        [
          ['name', 'Name'],
          ['plan', 'Plan'],
        ],
      ),
      r('tags', 'tag', 'lcd', 'Tags label contacts, companies and conversations.', [
        ['name', 'Tag name'],
      ]),
      r('articles', 'article', 'lgcud', 'Articles are Help Center pages customers can read.', [
        ['title', 'Title'],
        ['body', 'HTML body'],
        ['state', 'published or draft'],
      ]),
    ],
  },
  {
    name: 'front',
    label: 'Front',
    resources: [
      r(
        'conversations',
        'conversation',
        'lgu',
        'Conversations are email, SMS or chat threads in shared inboxes.',
        [
          ['status', 'archived, open, deleted or spam'],
          ['assignee_id', 'Teammate'],
        ],
        [['reply', 'Send a reply in a conversation.', [['body', 'Text']]]],
      ),
      r(
        'messages',
        'message',
        'lg',
        'Messages are the individual emails or chats in a conversation.',
      ),
      r('inboxes', 'inbox', 'lg', 'Inboxes are shared channels a team works from.'),
      r('tags', 'tag', 'lcud', 'Tags categorize conversations.', [['name', 'Name']]),
      r(
        'comments',
        'comment',
        'lc',
        'Comments are internal discussions on a conversation between teammates.',
        [['body', 'Text']],
      ),
      r(
        'contacts',
        'contact',
        'lgcud',
        'Contacts are the people you talk to, with their handles.',
        [['handles', 'Email or phone handles']],
      ),
    ],
  },
  {
    name: 'jira',
    label: 'Jira',
    resources: [
      r(
        'issues',
        'issue',
        'lgcud',
        'Issues are the bugs, stories, tasks and epics tracked in a Jira project.',
        [
          ['summary', 'Summary'],
          ['issuetype', 'Bug, Story, Task or Epic'],
          ['priority', 'Priority'],
          ['assignee', 'Assignee account id'],
          ['jql', 'JQL filter'],
        ],
        [
          [
            'transition',
            'Move an issue through its workflow, e.g. from To Do to In Progress or Done.',
            [['transition_id', 'Workflow transition']],
          ],
          ['assign', 'Assign an issue to a user.', [['accountId', 'User account id']]],
        ],
      ),
      r(
        'projects',
        'project',
        'lg',
        'Projects group issues and have their own workflows and boards.',
      ),
      r('comments', 'comment', 'lcud', 'Comments are the discussion on an issue.', [
        ['issue_id', 'Issue'],
        ['body', 'Text'],
      ]),
      r(
        'sprints',
        'sprint',
        'lgcu',
        'Sprints are time boxes on a Scrum board holding the issues planned for them.',
        [
          ['state', 'future, active or closed'],
          ['startDate', 'Start'],
          ['endDate', 'End'],
        ],
      ),
      r('boards', 'board', 'lg', 'Boards show the issues of one or more projects in columns.'),
      r('users', 'user', 'lg', 'Users are the people with accounts in the Jira site.', [
        ['query', 'Name or email'],
      ]),
      r('worklogs', 'worklog', 'lc', 'Worklogs record time spent working on an issue.', [
        ['timeSpentSeconds', 'Time spent'],
        ['started', 'When work started'],
      ]),
    ],
  },
  {
    name: 'asana',
    label: 'Asana',
    resources: [
      r(
        'tasks',
        'task',
        'lgcud',
        'Tasks are the basic unit of action in Asana, with an assignee, due date and followers.',
        [
          ['name', 'Name'],
          ['assignee', 'Assignee'],
          ['due_on', 'Due date'],
          ['completed', 'Completed'],
        ],
        [
          [
            'add_followers',
            'Add followers to a task so they get notified of changes.',
            [['followers', 'Users']],
          ],
        ],
      ),
      r('projects', 'project', 'lgcud', 'Projects are prioritized lists of tasks, or boards.', [
        ['name', 'Name'],
        ['team', 'Team'],
        ['archived', 'Archived'],
      ]),
      r(
        'sections',
        'section',
        'lc',
        'Sections divide the tasks of a project into columns or groups.',
        [
          ['project', 'Project'],
          ['name', 'Name'],
        ],
      ),
      r(
        'workspaces',
        'workspace',
        'lg',
        'Workspaces and organizations hold projects, tasks and teams.',
      ),
      r('stories', 'story', 'lc', 'Stories are comments and activity on a task.', [
        ['text', 'Comment text'],
      ]),
      r('tags', 'tag', 'lgc', 'Tags label tasks across projects.', [
        ['name', 'Name'],
        ['color', 'Color'],
      ]),
    ],
  },
  {
    name: 'linear',
    label: 'Linear',
    resources: [
      r(
        'issues',
        'issue',
        'lgcud',
        'Issues are the units of work of a Linear team, with a state, priority, estimate and assignee.',
        [
          ['title', 'Title'],
          ['stateId', 'Workflow state'],
          ['priority', '0 none to 4 low'],
          ['assigneeId', 'Assignee'],
          ['estimate', 'Points'],
        ],
      ),
      r('teams', 'team', 'lg', 'Teams own issues, cycles and workflow states.'),
      r(
        'projects',
        'project',
        'lgcu',
        'Projects group issues toward a shared goal with a target date.',
        [
          ['name', 'Name'],
          ['targetDate', 'Target date'],
          ['state', 'planned, started, completed'],
        ],
      ),
      r('cycles', 'cycle', 'lg', 'Cycles are a team\u2019s recurring sprints.'),
      r('comments', 'comment', 'lc', 'Comments are discussions on an issue.', [
        ['issueId', 'Issue'],
        ['body', 'Markdown'],
      ]),
      r('labels', 'label', 'lc', 'Labels categorize issues.', [
        ['name', 'Name'],
        ['color', 'Color'],
      ]),
    ],
  },
  {
    name: 'clickup',
    label: 'ClickUp',
    resources: [
      r(
        'tasks',
        'task',
        'lgcud',
        'Tasks live in lists and have statuses, assignees, priorities and due dates.',
        [
          ['name', 'Name'],
          ['status', 'Status'],
          ['assignees', 'Assignees'],
          ['due_date', 'Due date'],
        ],
      ),
      r('lists', 'list', 'lgc', 'Lists hold tasks inside a folder or a space.', [['name', 'Name']]),
      r('spaces', 'space', 'lg', 'Spaces are the top-level areas of a workspace.'),
      r('folders', 'folder', 'lg', 'Folders group lists inside a space.'),
      r('comments', 'comment', 'lc', 'Comments are discussions on a task.', [
        ['comment_text', 'Text'],
      ]),
      r('time-entries', 'time entry', 'lcd', 'Time entries are tracked time on tasks.', [
        ['duration', 'Milliseconds'],
        ['billable', 'Billable'],
      ]),
    ],
  },
  {
    name: 'trello',
    label: 'Trello',
    resources: [
      r('boards', 'board', 'lgcud', 'Boards hold lists of cards for a project or process.', [
        ['name', 'Name'],
        ['desc', 'Description'],
      ]),
      r('lists', 'list', 'lgcu', 'Lists are the columns of a board.', [
        ['idBoard', 'Board'],
        ['name', 'Name'],
        ['closed', 'Archived'],
      ]),
      r(
        'cards',
        'card',
        'lgcud',
        'Cards are the items on a board, in a list, with members, labels, checklists and a due date.',
        [
          ['idList', 'List'],
          ['name', 'Name'],
          ['due', 'Due date'],
          ['idMembers', 'Members'],
        ],
      ),
      r('checklists', 'checklist', 'lcd', 'Checklists are lists of check items on a card.', [
        ['idCard', 'Card'],
        ['name', 'Name'],
      ]),
      r('members', 'member', 'lg', 'Members are the people on a board or workspace.'),
    ],
  },
  {
    name: 'monday',
    label: 'monday.com',
    resources: [
      r('boards', 'board', 'lgc', 'Boards are tables of items with typed columns.', [
        ['board_name', 'Name'],
      ]),
      r('items', 'item', 'lgcud', 'Items are the rows of a board, with column values.', [
        ['item_name', 'Name'],
        ['column_values', 'Column values as JSON'],
      ]),
      r('updates', 'update', 'lc', 'Updates are the posts and replies on an item.', [
        ['body', 'Text'],
      ]),
      r('users', 'user', 'lg', 'Users are the members of the monday.com account.'),
      r('groups', 'group', 'lc', 'Groups are sections of items on a board.', [
        ['group_name', 'Name'],
      ]),
    ],
  },
  {
    name: 'bamboohr',
    label: 'BambooHR',
    resources: [
      r(
        'employees',
        'employee',
        'lgcu',
        'Employees are the people on the company directory, with job title, department, manager and hire date.',
        [
          ['firstName', 'First name'],
          ['lastName', 'Last name'],
          ['jobTitle', 'Job title'],
          ['department', 'Department'],
          ['hireDate', 'Hire date'],
        ],
      ),
      r(
        'time-off-requests',
        'time off request',
        'lgc',
        'Time off requests are employees\u2019 requests for vacation, sick leave or other absence.',
        [
          ['employeeId', 'Employee'],
          ['start', 'First day'],
          ['end', 'Last day'],
          ['timeOffTypeId', 'Type of leave'],
        ],
        [
          ['approve', 'Approve a pending time off request.'],
          ['deny', 'Deny a pending time off request.', [['note', 'Reason']]],
        ],
      ),
      r(
        'time-off-policies',
        'time off policy',
        'l',
        'Time off policies define how employees accrue leave.',
      ),
      r(
        'departments',
        'department',
        'l',
        'Departments are the organizational units employees belong to.',
      ),
      r(
        'files',
        'file',
        'lg',
        'Files are documents stored on an employee record, such as contracts.',
        [['employeeId', 'Employee']],
      ),
    ],
  },
  {
    name: 'gusto',
    label: 'Gusto',
    resources: [
      r('employees', 'employee', 'lgcu', 'Employees are W-2 workers on the company payroll.', [
        ['first_name', 'First name'],
        ['last_name', 'Last name'],
        ['email', 'Email'],
      ]),
      r(
        'payrolls',
        'payroll',
        'lg',
        'Payrolls are pay runs with gross pay, taxes, deductions and net pay per employee.',
        [
          ['processed', 'Processed only'],
          ['start_date', 'Pay period start'],
        ],
        [['submit', 'Submit a calculated payroll for processing.']],
      ),
      r(
        'contractors',
        'contractor',
        'lgcu',
        'Contractors are 1099 workers paid outside the W-2 payroll.',
        [
          ['type', 'Individual or Business'],
          ['wage_type', 'Fixed or Hourly'],
        ],
      ),
      r(
        'pay-schedules',
        'pay schedule',
        'lg',
        'Pay schedules define how often employees are paid.',
      ),
      r(
        'benefits',
        'benefit',
        'lg',
        'Benefits are the company benefits employees can enroll in, such as health insurance or 401(k).',
      ),
    ],
  },
  {
    name: 'rippling',
    label: 'Rippling',
    resources: [
      r(
        'employees',
        'employee',
        'lg',
        'Employees are the workers of the company with their role, manager and work location.',
      ),
      r('departments', 'department', 'lg', 'Departments are the groups of the organization chart.'),
      r('teams', 'team', 'lg', 'Teams are groups of employees.'),
      r(
        'leave-requests',
        'leave request',
        'lgc',
        'Leave requests are employees\u2019 requests for paid or unpaid leave.',
        [
          ['startDate', 'Start'],
          ['endDate', 'End'],
          ['status', 'PENDING, APPROVED or REJECTED'],
        ],
      ),
      r('groups', 'group', 'lcud', 'Groups are sets of employees used to grant app access.', [
        ['name', 'Name'],
        ['members', 'Employees'],
      ]),
    ],
  },
  {
    name: 'personio',
    label: 'Personio',
    resources: [
      r(
        'employees',
        'employee',
        'lgcu',
        'Employees are the people in the company with their position, office and supervisor.',
        [
          ['email', 'Email'],
          ['position', 'Position'],
          ['office', 'Office'],
        ],
      ),
      r(
        'absences',
        'absence',
        'lcd',
        'Absences are periods of leave such as holidays or sick days.',
        [
          ['time_off_type_id', 'Absence type'],
          ['start_date', 'Start'],
          ['end_date', 'End'],
        ],
      ),
      r(
        'attendances',
        'attendance',
        'lcud',
        'Attendances are the working hours employees record, with breaks.',
        [
          ['date', 'Day'],
          ['start_time', 'Start'],
          ['end_time', 'End'],
          ['break', 'Break minutes'],
        ],
      ),
    ],
  },
  {
    name: 'greenhouse',
    label: 'Greenhouse',
    resources: [
      r(
        'candidates',
        'candidate',
        'lgcud',
        'Candidates are people who applied or were sourced for jobs, with their resumes and contact details.',
        [
          ['first_name', 'First name'],
          ['last_name', 'Last name'],
          ['email_addresses', 'Emails'],
        ],
      ),
      r(
        'applications',
        'application',
        'lgcu',
        'Applications connect a candidate to a job and track their stage in the hiring process.',
        [
          ['job_id', 'Job'],
          ['status', 'active, rejected or hired'],
        ],
        [
          [
            'advance',
            'Move an application to the next interview stage.',
            [['from_stage_id', 'Current stage']],
          ],
          [
            'reject',
            'Reject an application with a rejection reason.',
            [['rejection_reason_id', 'Reason']],
          ],
        ],
      ),
      r('jobs', 'job', 'lgu', 'Jobs are the open positions the company hires for.', [
        ['status', 'open, closed or draft'],
        ['department_id', 'Department'],
      ]),
      r(
        'scheduled-interviews',
        'scheduled interview',
        'lgcud',
        'Scheduled interviews are interview meetings between a candidate and interviewers.',
        [
          ['start', 'Start'],
          ['interviewers', 'Interviewers'],
        ],
      ),
      r(
        'offers',
        'offer',
        'lgu',
        'Offers are job offers made to candidates, with a start date and custom fields.',
        [['starts_at', 'Start date']],
      ),
      r(
        'scorecards',
        'scorecard',
        'lg',
        'Scorecards are interviewers\u2019 feedback and ratings on a candidate.',
      ),
      r(
        'users',
        'user',
        'lg',
        'Users are the recruiters, coordinators and interviewers in Greenhouse.',
      ),
    ],
  },
  {
    name: 'lever',
    label: 'Lever',
    resources: [
      r(
        'opportunities',
        'opportunity',
        'lgc',
        'Opportunities are a candidate\u2019s journey through the pipeline for a posting.',
        [
          ['stage', 'Stage'],
          ['archived', 'Archived'],
        ],
      ),
      r('postings', 'posting', 'lgcu', 'Postings are the job listings candidates apply to.', [
        ['state', 'published, internal or closed'],
        ['team', 'Team'],
      ]),
      r(
        'interviews',
        'interview',
        'lgcud',
        'Interviews are scheduled with interviewers for an opportunity.',
        [
          ['date', 'Date'],
          ['duration', 'Minutes'],
        ],
      ),
      r(
        'feedback',
        'feedback form',
        'lgc',
        'Feedback forms hold interviewers\u2019 evaluations of a candidate.',
      ),
      r('notes', 'note', 'lgcd', 'Notes are comments about an opportunity.', [['value', 'Text']]),
    ],
  },
  {
    name: 'ashby',
    label: 'Ashby',
    resources: [
      r('candidates', 'candidate', 'lgcu', 'Candidates are people in your talent pool.', [
        ['name', 'Name'],
        ['email', 'Email'],
      ]),
      r(
        'applications',
        'application',
        'lgcu',
        'Applications track a candidate applying to a job through interview stages.',
        [['interviewStageId', 'Stage']],
      ),
      r('jobs', 'job', 'lg', 'Jobs are positions you are hiring for.'),
      r(
        'interview-schedules',
        'interview schedule',
        'lc',
        'Interview schedules are sets of interviews for an application.',
      ),
    ],
  },
  {
    name: 'quickbooks',
    label: 'QuickBooks Online',
    resources: [
      r(
        'customers',
        'customer',
        'lgcu',
        'Customers are the people and businesses that buy your products and services.',
        [
          ['DisplayName', 'Name'],
          ['PrimaryEmailAddr', 'Email'],
          ['Balance', 'Open balance'],
        ],
      ),
      r(
        'invoices',
        'invoice',
        'lgcud',
        'Invoices are bills to customers for goods or services, with line items, due date and balance.',
        [
          ['CustomerRef', 'Customer'],
          ['Line', 'Line items'],
          ['DueDate', 'Due date'],
          ['Balance', 'Amount still owed'],
        ],
        [['send', 'Email an invoice to the customer.', [['sendTo', 'Email address']]]],
      ),
      r(
        'payments',
        'payment',
        'lgcd',
        'Payments record money received from a customer against invoices.',
        [
          ['TotalAmt', 'Amount'],
          ['CustomerRef', 'Customer'],
        ],
      ),
      r(
        'bills',
        'bill',
        'lgcud',
        'Bills are amounts owed to vendors for goods or services bought.',
        [
          ['VendorRef', 'Vendor'],
          ['DueDate', 'Due date'],
        ],
      ),
      r('vendors', 'vendor', 'lgcu', 'Vendors are the suppliers you buy from.', [
        ['DisplayName', 'Name'],
      ]),
      r(
        'accounts',
        'account',
        'lgcu',
        'Accounts are the ledger accounts of the chart of accounts.',
        [
          ['AccountType', 'Type'],
          ['Classification', 'Asset, Liability, Equity, Revenue or Expense'],
        ],
      ),
      r(
        'items',
        'item',
        'lgcu',
        'Items are the products and services you sell, with prices and income accounts.',
        [
          ['Type', 'Inventory, Service or NonInventory'],
          ['UnitPrice', 'Price'],
        ],
      ),
      r(
        'estimates',
        'estimate',
        'lgcud',
        'Estimates are quotes for customers that can become invoices.',
        [
          ['CustomerRef', 'Customer'],
          ['ExpirationDate', 'Expires'],
        ],
      ),
    ],
  },
  {
    name: 'xero',
    label: 'Xero',
    resources: [
      r('contacts', 'contact', 'lgcu', 'Contacts are the customers and suppliers you trade with.', [
        ['Name', 'Name'],
        ['IsSupplier', 'Supplier'],
        ['IsCustomer', 'Customer'],
      ]),
      r(
        'invoices',
        'invoice',
        'lgcu',
        'Invoices are sales invoices (ACCREC) and supplier bills (ACCPAY).',
        [
          ['Type', 'ACCREC or ACCPAY'],
          ['Status', 'DRAFT, AUTHORISED, PAID or VOIDED'],
          ['DueDate', 'Due date'],
        ],
        [['email', 'Email a sales invoice to its contact.']],
      ),
      r('payments', 'payment', 'lgcd', 'Payments apply money against invoices and credit notes.', [
        ['Amount', 'Amount'],
        ['Date', 'Date'],
      ]),
      r(
        'bank-transactions',
        'bank transaction',
        'lgcu',
        'Bank transactions are money spent or received through a bank account.',
        [
          ['Type', 'SPEND or RECEIVE'],
          ['BankAccount', 'Bank account'],
        ],
      ),
      r('accounts', 'account', 'lgcud', 'Accounts are the chart of accounts of the organisation.', [
        ['Code', 'Code'],
        ['Type', 'Type'],
      ]),
      r(
        'credit-notes',
        'credit note',
        'lgcu',
        'Credit notes reduce what a customer owes or what you owe a supplier.',
        [['Type', 'ACCRECCREDIT or ACCPAYCREDIT']],
      ),
      r(
        'purchase-orders',
        'purchase order',
        'lgcu',
        'Purchase orders are orders sent to suppliers.',
        [['DeliveryDate', 'Delivery date']],
      ),
    ],
  },
  {
    name: 'netsuite',
    label: 'NetSuite',
    resources: [
      r(
        'customers',
        'customer',
        'lgcu',
        'Customers are the companies and individuals you sell to.',
        [
          ['companyName', 'Company'],
          ['subsidiary', 'Subsidiary'],
        ],
      ),
      r('vendors', 'vendor', 'lgcu', 'Vendors are suppliers of goods and services.'),
      r(
        'invoices',
        'invoice',
        'lgc',
        'Invoices are sales transactions that record money a customer owes.',
        [
          ['entity', 'Customer'],
          ['tranDate', 'Date'],
        ],
      ),
      r(
        'sales-orders',
        'sales order',
        'lgcu',
        'Sales orders record a customer\u2019s order before fulfillment and billing.',
        [
          ['entity', 'Customer'],
          ['status', 'Status'],
        ],
      ),
      r(
        'journal-entries',
        'journal entry',
        'lgc',
        'Journal entries post debits and credits between accounts.',
        [['line', 'Debit and credit lines']],
      ),
    ],
  },
  {
    name: 'stripe',
    label: 'Stripe',
    resources: [
      r(
        'customers',
        'customer',
        'lgcud',
        'Customers are the people or businesses you charge, with saved payment methods.',
        [
          ['email', 'Email'],
          ['name', 'Name'],
        ],
      ),
      r(
        'payment-intents',
        'payment intent',
        'lgcu',
        'A PaymentIntent guides you through collecting a payment from a customer.',
        [
          ['amount', 'Amount in cents'],
          ['currency', 'Currency'],
        ],
        [
          ['capture', 'Capture the funds of an authorized PaymentIntent.'],
          ['cancel', 'Cancel a PaymentIntent that has not succeeded.'],
        ],
      ),
      r(
        'subscriptions',
        'subscription',
        'lgcu',
        'Subscriptions charge a customer on a recurring basis for a price.',
        [
          ['customer', 'Customer'],
          ['items', 'Prices'],
          ['status', 'active, past_due, canceled or trialing'],
        ],
        [
          [
            'cancel',
            'Cancel a customer\u2019s subscription immediately or at the period end.',
            [['at_period_end', 'Wait for the period end']],
          ],
        ],
      ),
      r(
        'invoices',
        'invoice',
        'lgcud',
        'Invoices are statements of amounts owed by a customer, generated by subscriptions or created one-off.',
        [
          ['customer', 'Customer'],
          ['status', 'draft, open, paid, uncollectible or void'],
        ],
        [
          ['finalize', 'Finalize a draft invoice so it can be paid.'],
          ['void', 'Void an open invoice.'],
        ],
      ),
      r(
        'refunds',
        'refund',
        'lgcu',
        'Refunds return money from a charge or payment to the customer.',
        [
          ['payment_intent', 'Payment'],
          ['amount', 'Amount'],
          ['reason', 'duplicate, fraudulent or requested_by_customer'],
        ],
      ),
      r('products', 'product', 'lgcud', 'Products are the goods or services you offer.', [
        ['name', 'Name'],
        ['active', 'Active'],
      ]),
      r(
        'prices',
        'price',
        'lgcu',
        'Prices define the unit cost, currency and billing cycle of a product.',
        [
          ['unit_amount', 'Cents'],
          ['recurring', 'Interval'],
        ],
      ),
      r('charges', 'charge', 'lg', 'Charges are attempts to move money into your account.'),
    ],
  },
  {
    name: 'shopify',
    label: 'Shopify',
    resources: [
      r(
        'products',
        'product',
        'lgcud',
        'Products are the goods in the store, with variants, images and inventory.',
        [
          ['title', 'Title'],
          ['vendor', 'Vendor'],
          ['product_type', 'Type'],
          ['status', 'active, draft or archived'],
        ],
      ),
      r(
        'orders',
        'order',
        'lgcud',
        'Orders are customers\u2019 purchases, with line items, totals and fulfillment status.',
        [
          ['financial_status', 'paid, pending, refunded'],
          ['fulfillment_status', 'Fulfillment status'],
          ['created_at_min', 'Created after'],
        ],
        [
          [
            'cancel',
            'Cancel an order, optionally refunding and restocking it.',
            [
              ['reason', 'customer, fraud, inventory or other'],
              ['restock', 'Restock items'],
            ],
          ],
          ['close', 'Close an order.'],
        ],
      ),
      r(
        'customers',
        'customer',
        'lgcud',
        'Customers are the shoppers with accounts in the store.',
        [
          ['email', 'Email'],
          ['tags', 'Tags'],
        ],
      ),
      r(
        'inventory-levels',
        'inventory level',
        'l',
        'Inventory levels are the available quantities of an item at a location.',
        [['location_ids', 'Locations']],
        [
          [
            'adjust',
            'Adjust the available quantity of an item at a location by a delta.',
            [['available_adjustment', 'Change in quantity']],
          ],
        ],
      ),
      r(
        'fulfillments',
        'fulfillment',
        'lc',
        'Fulfillments ship an order\u2019s line items, with tracking numbers.',
        [
          ['tracking_number', 'Tracking'],
          ['notify_customer', 'Email the customer'],
        ],
      ),
      r(
        'price-rules',
        'price rule',
        'lgcud',
        'Price rules are discounts, such as a percentage off, that discount codes apply.',
        [
          ['value_type', 'percentage or fixed_amount'],
          ['value', 'Discount'],
        ],
      ),
      r('collections', 'collection', 'lg', 'Collections group products, manually or by rules.'),
    ],
  },
  {
    name: 'woocommerce',
    label: 'WooCommerce',
    resources: [
      r(
        'products',
        'product',
        'lgcud',
        'Products sold in the WooCommerce store, with price, stock and categories.',
        [
          ['regular_price', 'Price'],
          ['stock_quantity', 'Stock'],
        ],
      ),
      r(
        'orders',
        'order',
        'lgcud',
        'Orders placed in the store, with billing, shipping and line items.',
        [['status', 'pending, processing, completed, refunded']],
      ),
      r('customers', 'customer', 'lgcud', 'Customers registered in the store.'),
      r('coupons', 'coupon', 'lgcud', 'Coupons give discounts at checkout.', [
        ['code', 'Code'],
        ['amount', 'Amount'],
        ['discount_type', 'percent or fixed_cart'],
      ]),
      r('refunds', 'refund', 'lgc', 'Refunds issued against an order.', [
        ['amount', 'Amount'],
        ['reason', 'Reason'],
      ]),
    ],
  },
  {
    name: 'slack',
    label: 'Slack',
    resources: [
      r(
        'channels',
        'channel',
        'lgc',
        'Channels are public or private conversations for a team or topic.',
        [
          ['name', 'Name'],
          ['is_private', 'Private'],
        ],
        [
          ['archive', 'Archive a channel.'],
          ['invite', 'Invite users to a channel.', [['users', 'User ids']]],
          ['set_topic', 'Set the topic of a channel.', [['topic', 'Topic']]],
        ],
      ),
      r('messages', 'message', 'lcud', 'Messages are posts in a channel or a thread.', [
        ['channel', 'Channel'],
        ['text', 'Text'],
        ['thread_ts', 'Thread to reply in'],
      ]),
      r(
        'users',
        'user',
        'lg',
        'Users are the members of the Slack workspace, with their profile and status.',
      ),
      r('reactions', 'reaction', 'cd', 'Reactions are emoji added to a message.', [
        ['name', 'Emoji name'],
        ['timestamp', 'Message'],
      ]),
      r('files', 'file', 'lgd', 'Files are uploads shared in channels.'),
      r('reminders', 'reminder', 'lcd', 'Reminders notify a user at a time.', [
        ['text', 'Text'],
        ['time', 'When'],
      ]),
    ],
  },
  {
    name: 'microsoft_teams',
    label: 'Microsoft Teams',
    resources: [
      r('teams', 'team', 'lg', 'Teams are groups of people with channels for collaboration.'),
      r('channels', 'channel', 'lgc', 'Channels are conversation spaces within a team.', [
        ['displayName', 'Name'],
      ]),
      r(
        'channel-messages',
        'channel message',
        'lc',
        'Channel messages are posts in a team channel.',
        [['body', 'Content']],
      ),
      r('members', 'member', 'lcd', 'Members are the users of a team.', [
        ['roles', 'owner or member'],
      ]),
      r('chats', 'chat', 'lg', 'Chats are one-on-one or group conversations outside teams.'),
    ],
  },
  {
    name: 'gmail',
    label: 'Gmail',
    resources: [
      r(
        'messages',
        'message',
        'lgd',
        'Messages are emails in the mailbox, with headers, body and labels.',
        [
          ['q', 'Gmail search query, e.g. from:alice is:unread'],
          ['labelIds', 'Labels'],
        ],
        [
          [
            'send',
            'Send an email message to the recipients in its headers.',
            [['raw', 'RFC 2822 message']],
          ],
          ['trash', 'Move a message to the trash.'],
          [
            'modify',
            'Add or remove labels on a message, e.g. mark it read.',
            [
              ['addLabelIds', 'Labels to add'],
              ['removeLabelIds', 'Labels to remove'],
            ],
          ],
        ],
      ),
      r(
        'drafts',
        'draft',
        'lgcud',
        'Drafts are unsent messages.',
        [['message', 'Message']],
        [['send', 'Send an existing draft.']],
      ),
      r('labels', 'label', 'lgcud', 'Labels organize messages and threads.', [['name', 'Name']]),
      r('threads', 'thread', 'lg', 'Threads are conversations of messages with the same subject.'),
    ],
  },
  {
    name: 'outlook',
    label: 'Microsoft Outlook',
    resources: [
      r(
        'messages',
        'message',
        'lg',
        'Messages are emails in a mailbox folder.',
        [
          ['filter', 'OData filter'],
          ['search', 'Search text'],
        ],
        [
          [
            'send',
            'Send a new email.',
            [
              ['toRecipients', 'Recipients'],
              ['subject', 'Subject'],
            ],
          ],
          ['reply', 'Reply to the sender of a message.', [['comment', 'Text']]],
          ['move', 'Move a message to another mail folder.', [['destinationId', 'Folder']]],
        ],
      ),
      r(
        'events',
        'event',
        'lgcud',
        'Events are meetings and appointments on the user\u2019s calendar.',
        [
          ['subject', 'Subject'],
          ['start', 'Start'],
          ['end', 'End'],
          ['attendees', 'Attendees'],
        ],
      ),
      r(
        'contacts',
        'contact',
        'lgcud',
        'Contacts are the people in the user\u2019s address book.',
        [['emailAddresses', 'Emails']],
      ),
      r(
        'mail-folders',
        'mail folder',
        'lgc',
        'Mail folders hold messages, such as Inbox or Archive.',
        [['displayName', 'Name']],
      ),
    ],
  },
  {
    name: 'google_calendar',
    label: 'Google Calendar',
    resources: [
      r(
        'events',
        'event',
        'lgcud',
        'Events are entries on a calendar with a start, end, attendees and a location.',
        [
          ['summary', 'Title'],
          ['start', 'Start'],
          ['end', 'End'],
          ['attendees', 'Guests'],
          ['timeMin', 'Lower bound'],
          ['timeMax', 'Upper bound'],
        ],
        [
          [
            'quick_add',
            'Create an event from a simple text string, e.g. "Lunch with Sam tomorrow at noon".',
            [['text', 'Text']],
          ],
        ],
      ),
      r(
        'calendars',
        'calendar',
        'lgcd',
        'Calendars are collections of events, such as a user\u2019s primary calendar or a shared one.',
        [
          ['summary', 'Title'],
          ['timeZone', 'Time zone'],
        ],
      ),
      r(
        'freebusy',
        'free busy query',
        'c',
        'Free/busy queries return the busy time ranges of calendars between two times.',
        [
          ['timeMin', 'Start'],
          ['timeMax', 'End'],
          ['items', 'Calendars'],
        ],
      ),
    ],
  },
  {
    name: 'calendly',
    label: 'Calendly',
    resources: [
      r(
        'event-types',
        'event type',
        'lg',
        'Event types are the kinds of meetings people can book, such as a 30 minute call.',
      ),
      r(
        'scheduled-events',
        'scheduled event',
        'lg',
        'Scheduled events are meetings someone booked, with a start time and invitees.',
        [
          ['min_start_time', 'After'],
          ['status', 'active or canceled'],
        ],
        [['cancel', 'Cancel a scheduled event and tell the invitees.', [['reason', 'Reason']]]],
      ),
      r(
        'invitees',
        'invitee',
        'lg',
        'Invitees are the people who booked a scheduled event, with their answers.',
      ),
      r(
        'scheduling-links',
        'scheduling link',
        'c',
        'Scheduling links are single-use booking links for an event type.',
        [['max_event_count', 'Bookings allowed']],
      ),
    ],
  },
  {
    name: 'zoom',
    label: 'Zoom',
    resources: [
      r(
        'meetings',
        'meeting',
        'lgcud',
        'Meetings are Zoom video meetings with a topic, start time, duration and join URL.',
        [
          ['topic', 'Topic'],
          ['start_time', 'Start'],
          ['duration', 'Minutes'],
          ['type', 'Instant, scheduled or recurring'],
        ],
      ),
      r('recordings', 'recording', 'lgd', 'Recordings are cloud recordings of past meetings.', [
        ['from', 'From date'],
        ['to', 'To date'],
      ]),
      r('users', 'user', 'lg', 'Users are the members of the Zoom account.'),
      r(
        'webinars',
        'webinar',
        'lgc',
        'Webinars are large broadcast events with panelists and registrants.',
        [['topic', 'Topic']],
      ),
      r(
        'meeting-registrants',
        'meeting registrant',
        'lc',
        'Meeting registrants signed up for a meeting that requires registration.',
        [['email', 'Email']],
      ),
    ],
  },
  {
    name: 'google_drive',
    label: 'Google Drive',
    resources: [
      r(
        'files',
        'file',
        'lgcud',
        'Files are documents, spreadsheets, folders and uploads stored in Drive.',
        [
          ['q', "Search query, e.g. name contains 'budget'"],
          ['mimeType', 'Type'],
          ['parents', 'Folder'],
        ],
        [
          ['copy', 'Make a copy of a file.'],
          [
            'export',
            'Export a Google Workspace document to another format such as PDF.',
            [['mimeType', 'Target format']],
          ],
        ],
      ),
      r(
        'permissions',
        'permission',
        'lcd',
        'Permissions grant users, groups or anyone with the link access to a file.',
        [
          ['role', 'reader, commenter, writer or owner'],
          ['emailAddress', 'Who'],
        ],
      ),
      r('comments', 'comment', 'lc', 'Comments are discussions on a file.', [['content', 'Text']]),
      r(
        'shared-drives',
        'shared drive',
        'lg',
        'Shared drives are drives owned by a team rather than a user.',
      ),
    ],
  },
  {
    name: 'dropbox',
    label: 'Dropbox',
    resources: [
      r(
        'files',
        'file',
        'lgd',
        'Files and folders stored in Dropbox, by path.',
        [['path', 'Path']],
        [
          [
            'move',
            'Move a file or folder to a new path.',
            [
              ['from_path', 'From'],
              ['to_path', 'To'],
            ],
          ],
          ['copy', 'Copy a file or folder to a new path.'],
          ['upload', 'Upload a file to a path.', [['mode', 'add or overwrite']]],
        ],
      ),
      r('folders', 'folder', 'c', 'Folders organize files.', [['path', 'Path']]),
      r('shared-links', 'shared link', 'lc', 'Shared links let anyone with the link view a file.', [
        ['settings', 'Visibility and expiry'],
      ]),
      r(
        'file-requests',
        'file request',
        'lgcu',
        'File requests collect files from others into a folder.',
        [
          ['title', 'Title'],
          ['destination', 'Folder'],
          ['deadline', 'Deadline'],
        ],
      ),
    ],
  },
  {
    name: 'box',
    label: 'Box',
    resources: [
      r('files', 'file', 'gud', 'Files are uploaded content with versions, in folders.', [
        ['name', 'Name'],
        ['parent', 'Folder'],
      ]),
      r('folders', 'folder', 'lgcud', 'Folders contain files and other folders.', [
        ['name', 'Name'],
        ['parent', 'Parent folder'],
      ]),
      r(
        'collaborations',
        'collaboration',
        'lcud',
        'Collaborations give a user or group a role on a folder or file.',
        [
          ['role', 'editor, viewer, ...'],
          ['accessible_by', 'Who'],
        ],
      ),
      r('comments', 'comment', 'lcd', 'Comments are notes left on a file.', [['message', 'Text']]),
    ],
  },
  {
    name: 'sharepoint',
    label: 'SharePoint',
    resources: [
      r('sites', 'site', 'lg', 'Sites are SharePoint team or communication sites.'),
      r(
        'drive-items',
        'drive item',
        'lgcud',
        'Drive items are the files and folders in a site\u2019s document library.',
        [['name', 'Name']],
      ),
      r(
        'list-items',
        'list item',
        'lgcud',
        'List items are rows of a SharePoint list, with their field values.',
        [['fields', 'Field values']],
      ),
    ],
  },
  {
    name: 'mailchimp',
    label: 'Mailchimp',
    resources: [
      r(
        'audiences',
        'audience',
        'lgcud',
        'Audiences (lists) hold the contacts you send campaigns to.',
        [
          ['name', 'Name'],
          ['permission_reminder', 'Why people receive your emails'],
        ],
      ),
      r(
        'members',
        'member',
        'lgcud',
        'Members are the subscribers of an audience, with their status and merge fields.',
        [
          ['email_address', 'Email'],
          ['status', 'subscribed, unsubscribed, cleaned or pending'],
          ['merge_fields', 'Fields such as FNAME'],
        ],
        [['tag', 'Add or remove tags on an audience member.', [['tags', 'Tags']]]],
      ),
      r(
        'campaigns',
        'campaign',
        'lgcud',
        'Campaigns are emails sent to an audience or segment.',
        [
          ['type', 'regular, plaintext, rss'],
          ['settings', 'Subject line and from name'],
        ],
        [
          ['send', 'Send a campaign right now.'],
          ['schedule', 'Schedule a campaign for a time.', [['schedule_time', 'When']]],
        ],
      ),
      r('templates', 'template', 'lg', 'Templates are reusable email designs.'),
      r(
        'reports',
        'report',
        'lg',
        'Reports are the results of sent campaigns: opens, clicks, bounces and unsubscribes.',
      ),
    ],
  },
  {
    name: 'klaviyo',
    label: 'Klaviyo',
    resources: [
      r(
        'profiles',
        'profile',
        'lgcu',
        'Profiles are the people you market to, with their properties and consent.',
        [
          ['email', 'Email'],
          ['phone_number', 'Phone'],
          ['properties', 'Custom properties'],
        ],
      ),
      r('lists', 'list', 'lgcd', 'Lists are static groups of profiles.', [['name', 'Name']]),
      r(
        'segments',
        'segment',
        'lg',
        'Segments are dynamic groups of profiles matching conditions.',
      ),
      r('campaigns', 'campaign', 'lgcd', 'Campaigns are one-time email or SMS sends.', [
        ['channel', 'email or sms'],
      ]),
      r('flows', 'flow', 'lg', 'Flows are automated sequences triggered by events.'),
      r('events', 'event', 'lc', 'Events are activities of profiles such as Placed Order.', [
        ['metric', 'Metric name'],
      ]),
    ],
  },
  {
    name: 'pagerduty',
    label: 'PagerDuty',
    resources: [
      r(
        'incidents',
        'incident',
        'lgcu',
        'Incidents are problems that need a response, routed to the on-call responder of a service.',
        [
          ['title', 'Title'],
          ['service', 'Service'],
          ['urgency', 'high or low'],
          ['status', 'triggered, acknowledged or resolved'],
        ],
        [
          ['acknowledge', 'Acknowledge an incident so escalation stops.'],
          ['resolve', 'Resolve an incident.'],
          ['snooze', 'Snooze an incident for a duration.', [['duration', 'Seconds']]],
        ],
      ),
      r(
        'services',
        'service',
        'lg',
        'Services are the applications or components incidents are opened against.',
      ),
      r(
        'escalation-policies',
        'escalation policy',
        'lg',
        'Escalation policies decide who is notified, and when, for an incident.',
      ),
      r('schedules', 'schedule', 'lg', 'Schedules define who is on call at what time.'),
      r(
        'oncalls',
        'oncall',
        'l',
        'On-calls are the entries of who is on call for an escalation policy right now.',
        [['schedule_ids', 'Schedules']],
      ),
    ],
  },
  {
    name: 'sentry',
    label: 'Sentry',
    resources: [
      r(
        'issues',
        'issue',
        'lgud',
        'Issues are groups of similar error events from an application.',
        [
          ['query', 'Search, e.g. is:unresolved'],
          ['status', 'resolved, unresolved or ignored'],
        ],
      ),
      r('projects', 'project', 'lg', 'Projects are the applications reporting errors to Sentry.'),
      r('events', 'event', 'lg', 'Events are individual error occurrences with a stack trace.'),
      r(
        'releases',
        'release',
        'lc',
        'Releases are versions of your code deployed to environments.',
        [
          ['version', 'Version'],
          ['projects', 'Projects'],
        ],
      ),
    ],
  },
  {
    name: 'confluence',
    label: 'Confluence',
    resources: [
      r(
        'pages',
        'page',
        'lgcud',
        'Pages are documents in a Confluence space, with a title and a body.',
        [
          ['title', 'Title'],
          ['spaceId', 'Space'],
          ['body', 'Storage format body'],
        ],
      ),
      r('spaces', 'space', 'lg', 'Spaces are areas of a wiki for a team or project.'),
      r('comments', 'comment', 'lc', 'Comments are footer or inline comments on a page.', [
        ['body', 'Text'],
      ]),
      r('attachments', 'attachment', 'lc', 'Attachments are files uploaded to a page.'),
    ],
  },
  {
    name: 'gong',
    label: 'Gong',
    resources: [
      r(
        'calls',
        'call',
        'lg',
        'Calls are recorded sales conversations with participants and topics.',
        [
          ['fromDateTime', 'From'],
          ['toDateTime', 'To'],
        ],
        [['transcript', 'Get the transcripts of calls, sentence by sentence with speakers.']],
      ),
      r('users', 'user', 'lg', 'Users are the members of the Gong company.'),
    ],
  },
  {
    name: 'docusign',
    label: 'DocuSign',
    resources: [
      r(
        'envelopes',
        'envelope',
        'lgcu',
        'Envelopes hold documents sent for signature, with recipients and a status.',
        [
          ['status', 'created, sent, delivered, completed, declined or voided'],
          ['emailSubject', 'Subject'],
        ],
        [['void', 'Void an envelope that is in progress.', [['voidedReason', 'Reason']]]],
      ),
      r(
        'templates',
        'template',
        'lg',
        'Templates are reusable documents with recipient roles and fields.',
      ),
      r(
        'recipients',
        'recipient',
        'lu',
        'Recipients are the signers and carbon copies of an envelope.',
      ),
    ],
  },
]

// Integrations whose resources mirror one above, as real catalogues hold many CRMs, help desks and
// HR systems with the same records: a request must name its app, or its record, to be told apart.
const LOOKALIKES: readonly (readonly [name: string, label: string, like: string])[] = [
  ['copper', 'Copper', 'hubspot'],
  ['insightly', 'Insightly', 'salesforce'],
  ['freshsales', 'Freshsales', 'pipedrive'],
  ['capsule', 'Capsule CRM', 'pipedrive'],
  ['attio', 'Attio', 'hubspot'],
  ['close', 'Close', 'zoho_crm'],
  ['keap', 'Keap', 'zoho_crm'],
  ['sugarcrm', 'SugarCRM', 'salesforce'],
  ['help_scout', 'Help Scout', 'freshdesk'],
  ['gorgias', 'Gorgias', 'zendesk'],
  ['kustomer', 'Kustomer', 'intercom'],
  ['zoho_desk', 'Zoho Desk', 'freshdesk'],
  ['servicenow', 'ServiceNow', 'zendesk'],
  ['wrike', 'Wrike', 'asana'],
  ['basecamp', 'Basecamp', 'asana'],
  ['teamwork', 'Teamwork.com', 'clickup'],
  ['shortcut', 'Shortcut', 'linear'],
  ['youtrack', 'YouTrack', 'jira'],
  ['smartsheet', 'Smartsheet', 'monday'],
  ['hibob', 'HiBob', 'bamboohr'],
  ['namely', 'Namely', 'bamboohr'],
  ['paylocity', 'Paylocity', 'gusto'],
  ['adp', 'ADP Workforce Now', 'gusto'],
  ['deel', 'Deel', 'rippling'],
  ['factorial', 'Factorial', 'personio'],
  ['workable', 'Workable', 'greenhouse'],
  ['smartrecruiters', 'SmartRecruiters', 'greenhouse'],
  ['jazzhr', 'JazzHR', 'ashby'],
  ['recruitee', 'Recruitee', 'lever'],
  ['freshbooks', 'FreshBooks', 'quickbooks'],
  ['zoho_books', 'Zoho Books', 'xero'],
  ['sage_intacct', 'Sage Intacct', 'netsuite'],
  ['wave', 'Wave', 'quickbooks'],
  ['chargebee', 'Chargebee', 'stripe'],
  ['bigcommerce', 'BigCommerce', 'shopify'],
  ['magento', 'Adobe Commerce', 'woocommerce'],
  ['activecampaign', 'ActiveCampaign', 'mailchimp'],
  ['brevo', 'Brevo', 'klaviyo'],
  ['onedrive', 'OneDrive', 'box'],
  ['egnyte', 'Egnyte', 'dropbox'],
  ['opsgenie', 'Opsgenie', 'pagerduty'],
  ['rollbar', 'Rollbar', 'sentry'],
  ['mattermost', 'Mattermost', 'slack'],
  ['outreach', 'Outreach', 'gong'],
  ['pandadoc', 'PandaDoc', 'docusign'],
]

export const LOOKALIKE_INTEGRATIONS: readonly IntegrationSpec[] = LOOKALIKES.map(
  ([name, label, like]) => {
    const model = INTEGRATIONS.find((integration) => integration.name === like)
    if (!model) throw new Error(`no integration ${like}`)
    const own = (text: string) => text.replaceAll(model.label, label)
    const resources = model.resources.map((resource) => ({
      ...resource,
      about: own(resource.about),
      custom: resource.custom?.map(
        ([method, text, fields]) => [method, own(text), fields] as const,
      ),
    }))
    return { name, label, resources }
  },
)
