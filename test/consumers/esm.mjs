// An ES module consumer: the three entries through `import`, as a user's .mjs loads them.
import * as main from 'truto-langchainjs-toolset'
import * as redis from 'truto-langchainjs-toolset/redis'
import * as testing from 'truto-langchainjs-toolset/testing'
import { exercise } from './exercise.mjs'

process.exitCode = await exercise('esm', { main, testing, redis })
