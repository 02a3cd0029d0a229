// A client of `npx truto-sandbox`: the manager over HTTP (the global fetch) to the URL it printed.
// node served.mjs <url> <api key> <octapipe account id>
import { TrutoToolManager } from 'truto-langchainjs-toolset'

const [baseUrl, apiKey, account] = process.argv.slice(2)
const manager = new TrutoToolManager({ apiKey, baseUrl })
try {
  const tools = await manager.getTools(account)
  const list = tools.find((t) => t.name === 'list_all_octapipe_pipelines')
  if (!list) throw new Error(`no list_all_octapipe_pipelines among ${tools.length} tools`)
  const message = await list.invoke({ type: 'tool_call', id: 'call-1', name: list.name, args: {} })
  if (message.status !== 'success' || !/"uuid":/.test(message.content)) {
    throw new Error(`the list tool answered ${message.status}: ${message.content}`)
  }
  console.log(`${tools.length} tools, a list tool answered over HTTP`)
} finally {
  await manager.close()
}
