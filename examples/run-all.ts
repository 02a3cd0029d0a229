// Runs the example agents one after another; the exit code is 0 only when every one met its goal.
// npx tsx examples/run-all.ts [--model openai:gpt-4o-mini]
import { main } from './support/main.js'
import { run as mcpPipeline } from './support/runs/mcp-pipeline.js'
import { run as pipelineTriage } from './support/runs/pipeline-triage.js'
import { run as sessionPolling } from './support/runs/session-polling.js'
import { run as ticketTriage } from './support/runs/ticket-triage.js'
import { run as toolSelector } from './support/runs/tool-selector.js'

await main([pipelineTriage, sessionPolling, ticketTriage, mcpPipeline, toolSelector])
