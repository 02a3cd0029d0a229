import { stemOf } from './search-words.js'

// The words people use for an action, and the method words tools are named with; then the
// common SaaS names of the same records. A query word also looks for its synonyms, each at the
// weight given, so a tool that uses the user's own word still ranks first.
const ACTIONS: Record<string, string> = {
  'list 0.6': 'show find all every which browse see enumerate display overview',
  'get 0.6': 'fetch retrieve read view detail details look lookup pull check inspect describe info',
  'search 0.5': 'find look lookup query filter locate seek',
  'create 0.6':
    'add new make insert post open start log record register raise file book enter write draft generate build put onboard issue setup',
  'update 0.6':
    'change edit modify set rename move mark tick correct fix adjust bump reassign reschedule switch toggle patch amend replace',
  'delete 0.6': 'remove erase drop destroy trash discard purge rid clear wipe',
  'send 0.5': 'email mail notify ping',
  'reply 0.6': 'answer respond',
  'cancel 0.5': 'abort void revoke',
  'approve 0.6': 'accept grant',
  'deny 0.6': 'reject decline refuse',
  'reject 0.5': 'deny decline refuse',
  'merge 0.6': 'combine fold dedupe deduplicate consolidate',
  'assign 0.5': 'hand delegate reassign',
  'export 0.5': 'download convert dump extract',
  'copy 0.6': 'duplicate clone',
  'duplicate 0.6': 'copy clone',
  'advance 0.5': 'forward progress promote next',
  'transition 0.5': 'move progress',
  'resolve 0.5': 'fix solve close',
  'acknowledge 0.6': 'ack',
  'upload 0.5': 'attach',
  'count 0.6': 'many number total',
}
const RECORDS: Record<string, string> = {
  'note 0.5': 'comment memo annotate jot',
  'comment 0.5': 'note remark reply thread discussion',
  'message 0.5': 'email mail',
  'customer 0.5': 'client shopper buyer',
  'contact 0.4': 'client person people',
  'vendor 0.6': 'supplier',
  'estimate 0.6': 'quote quotation',
  'issue 0.5': 'bug defect',
  'field 0.4': 'column property attribute',
  'record 0.4': 'row entry',
  'item 0.4': 'row',
  'employee 0.5': 'staff worker hire personnel',
  'user 0.4': 'teammate colleague coworker member people person',
  'leave 0.5': 'vacation pto holiday sick absence',
  'absence 0.5': 'vacation pto holiday sick leave',
  'event 0.5': 'meeting appointment',
  'meeting 0.4': 'call appointment',
  'file 0.4': 'document doc spreadsheet',
  'folder 0.5': 'directory',
  'repository 0.6': 'repo',
  'pull 0.5': 'pr',
  'request 0.4': 'pr',
  'satisfaction 0.6': 'csat',
  'coupon 0.5': 'discount promo',
  'price 0.4': 'discount',
  'inventory 0.5': 'stock quantity',
  'refund 0.5': 'money',
}

const stemmed = (table: Record<string, string>) => {
  const synonyms = new Map<string, [string, number][]>()
  for (const [key, words] of Object.entries(table)) {
    const [meant = '', weight = '0'] = key.split(' ')
    for (const word of words.split(' ')) {
      const list = synonyms.get(stemOf(word)) ?? []
      list.push([stemOf(meant), Number(weight)])
      synonyms.set(stemOf(word), list)
    }
  }
  return synonyms
}

type Synonyms = ReadonlyMap<string, readonly (readonly [string, number])[]>

/** Each stemmed action word's synonyms: the stemmed method word meant and its weight. */
export const ACTION_SYNONYMS: Synonyms = stemmed(ACTIONS)

/** The stemmed action words tools are named with (`list`, `creat`, `merg`…). */
export const ACTION_WORDS: ReadonlySet<string> = new Set(
  Object.keys(ACTIONS).map((key) => stemOf(key.split(' ')[0] ?? '')),
)

/** Each stemmed record word's synonyms, e.g. `supplier` for `vendor`. */
export const RECORD_SYNONYMS: Synonyms = stemmed(RECORDS)
