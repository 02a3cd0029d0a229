// Runs the example agents one after another; the exit code is 0 only when every one met its goal.
// npx tsx examples/run-all.ts [--model openai:gpt-4o-mini]
import { run as mcpPipeline } from './mcp-pipeline.js'
import { run as pipelineTriage } from './pipeline-triage.js'
import { run as sessionPolling } from './session-polling.js'
import { main } from './support/main.js'
import { run as ticketTriage } from './ticket-triage.js'

await main([pipelineTriage, sessionPolling, ticketTriage, mcpPipeline])
