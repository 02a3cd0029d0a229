import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { initChatModel } from 'langchain'
import { type Policy, StandInChatModel } from './stand-in-model.js'

/** The chat model an example runs on, and how to name it in the output. */
export type ChosenModel = { readonly model: BaseChatModel; readonly label: string }

// the key each common provider's package reads; others are left to the package to check
const API_KEYS: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  'google-genai': 'GOOGLE_API_KEY',
  mistralai: 'MISTRAL_API_KEY',
  groq: 'GROQ_API_KEY',
}

/** A real model from `provider:model`, or the deterministic stand-in driven by `policy`. */
export async function chooseModel(spec: string | undefined, policy: Policy): Promise<ChosenModel> {
  if (!spec) {
    return {
      model: new StandInChatModel(policy),
      label:
        'a deterministic STAND-IN model (no LLM; pass --model openai:gpt-4o-mini for a real one)',
    }
  }
  const provider = spec.split(':', 1)[0] ?? ''
  const key = API_KEYS[provider]
  if (!spec.includes(':'))
    throw new Error(`--model must be provider:model, e.g. openai:gpt-4o-mini (got "${spec}").`)
  if (key && !process.env[key]) throw new Error(`--model ${spec} needs ${key} in the environment.`)
  try {
    return { model: await initChatModel(spec), label: spec }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Could not load the model "${spec}": ${reason}`)
  }
}
