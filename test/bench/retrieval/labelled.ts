/** A user's request and the name of the one tool that does it. */
export type Labelled = readonly [request: string, tool: string]
