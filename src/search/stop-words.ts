// English function words and the chatter of requests ("please", "can you"): they say nothing
// about which tool is meant, yet a rare one in a description would outweigh a real match.
// Words that do carry a method ("all", "new", "by", "id") are not here.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against am an and any are as at be because been before being ' +
    'below between both but can could did do does doing down during each few for from further ' +
    'had has have having he her here hers herself him himself his how i if in into is it its ' +
    'itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through to too under until up very was we ' +
    'were what when where which while who whom why will with would you your yours yourself ' +
    "yourselves i'd i'm i've let's please pls thanks thank hey hi want wanna need like " +
    'also just really quick quickly maybe etc via us lets'
  ).split(' '),
)
