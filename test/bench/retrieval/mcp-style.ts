// Tools named the way MCP servers name them (verb_object, camelCase, a server prefix), not by
// Truto's pattern: the search pair serves MCP servers too, whose names follow no convention.
import type { Field } from './integrations.js'

/** One tool as a server lists it: name, description, its method word, and its arguments. */
export type NamedTool = readonly [name: string, description: string, fields?: readonly Field[]]

export const MCP_STYLE: Readonly<Record<string, readonly NamedTool[]>> = {
  github: [
    [
      'create_issue',
      'Create a new issue in a GitHub repository.',
      [
        ['owner', 'Repository owner'],
        ['repo', 'Repository name'],
        ['title', 'Issue title'],
        ['body', 'Issue body'],
        ['labels', 'Labels to apply'],
      ],
    ],
    [
      'get_issue',
      'Get details of a specific issue in a GitHub repository.',
      [['issue_number', 'Issue number']],
    ],
    [
      'list_issues',
      'List issues in a GitHub repository with filtering options.',
      [
        ['state', 'open, closed or all'],
        ['labels', 'Filter by labels'],
        ['since', 'Updated after'],
      ],
    ],
    [
      'update_issue',
      'Update an existing issue in a GitHub repository: title, body, state, labels, assignees.',
      [['state', 'open or closed']],
    ],
    [
      'add_issue_comment',
      'Add a comment to an existing issue or pull request.',
      [['body', 'Comment text']],
    ],
    [
      'search_issues',
      'Search for issues and pull requests across GitHub repositories.',
      [['q', 'Search query using GitHub issue search syntax']],
    ],
    [
      'create_pull_request',
      'Create a new pull request in a GitHub repository.',
      [
        ['head', 'Branch with the changes'],
        ['base', 'Branch to merge into'],
        ['draft', 'Open as draft'],
      ],
    ],
    [
      'list_pull_requests',
      'List and filter repository pull requests.',
      [['state', 'open, closed or all']],
    ],
    [
      'get_pull_request',
      'Get details of a specific pull request.',
      [['pull_number', 'Pull request number']],
    ],
    ['merge_pull_request', 'Merge a pull request.', [['merge_method', 'merge, squash or rebase']]],
    [
      'create_pull_request_review',
      'Create a review on a pull request: approve, request changes or comment.',
      [['event', 'APPROVE, REQUEST_CHANGES or COMMENT']],
    ],
    ['get_pull_request_files', 'Get the list of files changed in a pull request.'],
    ['get_pull_request_status', 'Get the combined status of all status checks for a pull request.'],
    [
      'list_commits',
      'Get the list of commits of a branch in a GitHub repository.',
      [['sha', 'Branch or commit']],
    ],
    ['get_commit', 'Get details for a commit, including the diff.'],
    [
      'create_branch',
      'Create a new branch in a GitHub repository.',
      [
        ['branch', 'New branch name'],
        ['from_branch', 'Source branch'],
      ],
    ],
    ['list_branches', 'List branches in a GitHub repository.'],
    [
      'get_file_contents',
      'Get the contents of a file or directory from a GitHub repository.',
      [['path', 'Path to the file']],
    ],
    [
      'create_or_update_file',
      'Create or update a single file in a GitHub repository with a commit.',
      [
        ['path', 'Path'],
        ['content', 'New content'],
        ['message', 'Commit message'],
      ],
    ],
    ['delete_file', 'Delete a file from a GitHub repository.'],
    ['push_files', 'Push multiple files to a GitHub repository in a single commit.'],
    ['search_code', 'Search for code across GitHub repositories.', [['q', 'Code search query']]],
    ['search_repositories', 'Search for GitHub repositories.', [['query', 'Search query']]],
    [
      'create_repository',
      'Create a new GitHub repository in your account.',
      [['private', 'Private repository']],
    ],
    ['fork_repository', 'Fork a GitHub repository to your account or an organization.'],
    ['list_releases', 'List the releases of a GitHub repository.'],
    [
      'create_release',
      'Create a release from a tag, with release notes.',
      [
        ['tag_name', 'Tag'],
        ['body', 'Release notes'],
      ],
    ],
    [
      'list_workflow_runs',
      'List GitHub Actions workflow runs for a repository.',
      [['status', 'Run status']],
    ],
    ['rerun_workflow_run', 'Re-run a GitHub Actions workflow run.'],
    ['get_job_logs', 'Download the logs of a GitHub Actions job.'],
  ],
  notion: [
    [
      'notion_search',
      'Search pages and databases in Notion by title.',
      [
        ['query', 'Text to search'],
        ['filter', 'page or database'],
      ],
    ],
    ['notion_retrieve_page', 'Retrieve a Notion page and its properties.'],
    [
      'notion_create_page',
      'Create a page in Notion under a parent page or database.',
      [
        ['parent', 'Parent'],
        ['properties', 'Page properties'],
        ['children', 'Content blocks'],
      ],
    ],
    [
      'notion_update_page_properties',
      'Update the properties of a Notion page, or archive it.',
      [['archived', 'Archive the page']],
    ],
    [
      'notion_append_block_children',
      'Append new content blocks (paragraphs, to-dos, headings) to a page or block.',
      [['children', 'Blocks to add']],
    ],
    [
      'notion_retrieve_block_children',
      'Retrieve the child blocks (the content) of a page or block.',
    ],
    ['notion_delete_block', 'Delete a block.'],
    [
      'notion_query_database',
      'Query a Notion database with filters and sorts to get its rows.',
      [
        ['filter', 'Filter'],
        ['sorts', 'Sort order'],
      ],
    ],
    ['notion_create_database', 'Create a database as a child of a page.'],
    ['notion_retrieve_database', 'Retrieve a database\u2019s schema.'],
    ['notion_create_comment', 'Create a comment on a page or discussion.', [['rich_text', 'Text']]],
    ['notion_retrieve_comments', 'Retrieve the unresolved comments of a page or block.'],
    ['notion_list_all_users', 'List all users of the Notion workspace.'],
    ['notion_retrieve_user', 'Retrieve a user by id.'],
  ],
  airtable: [
    ['listBases', 'List the Airtable bases you have access to.'],
    ['listTables', 'List the tables of a base with their fields.', [['baseId', 'Base']]],
    ['describeTable', 'Describe a table: its fields, types and views.', [['tableId', 'Table']]],
    [
      'listRecords',
      'List the records of a table, optionally through a view or a formula filter.',
      [
        ['filterByFormula', 'Formula'],
        ['maxRecords', 'Most records'],
      ],
    ],
    [
      'searchRecords',
      'Search for records whose fields contain a text.',
      [
        ['searchTerm', 'Text'],
        ['fieldIds', 'Fields to search'],
      ],
    ],
    ['getRecord', 'Get one record of a table by its id.'],
    ['createRecord', 'Create a record in a table.', [['fields', 'Field values']]],
    [
      'updateRecords',
      'Update up to 10 records of a table.',
      [['records', 'Record ids and fields']],
    ],
    ['deleteRecords', 'Delete records from a table.', [['recordIds', 'Records']]],
    ['createTable', 'Create a new table in a base with fields.'],
    ['createField', 'Add a field (column) to a table.', [['type', 'Field type']]],
  ],
}
