// A CommonJS consumer: the three entries through require(), as a user's .cjs loads them.
const main = require('truto-langchainjs-toolset')
const testing = require('truto-langchainjs-toolset/testing')
const redis = require('truto-langchainjs-toolset/redis')

import('./exercise.mjs')
  .then(({ exercise }) => exercise('cjs', { main, testing, redis }))
  .then((code) => {
    process.exitCode = code
  })
