// OpenTelemetry attribute names, copied as the semantic-conventions package advises for incubating
// ones. GenAI execute_tool and MCP client spans follow semantic-conventions v1.41.1 (the last core
// release holding them; semantic-conventions-genai carries them unchanged, status Development);
// HTTP client spans follow the stable HTTP conventions (v1.44.0).

/** The tracer's name: this package. */
export const TRACER_NAME = 'truto-langchainjs-toolset'
/** The tracer's version: this package's (a test keeps it equal to package.json's). */
export const TRACER_VERSION = '0.1.0'

// span kinds and status codes, as @opentelemetry/api numbers them
export const SPAN_KIND_INTERNAL = 0
export const SPAN_KIND_CLIENT = 2
export const STATUS_ERROR = 2

export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name'
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name'
export const GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id'
export const GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description'
export const GEN_AI_TOOL_TYPE = 'gen_ai.tool.type'
export const GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments'
export const GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result'
export const ERROR_TYPE = 'error.type'

export const MCP_METHOD_NAME = 'mcp.method.name'
export const MCP_SESSION_ID = 'mcp.session.id'
export const MCP_PROTOCOL_VERSION = 'mcp.protocol.version'
export const NETWORK_TRANSPORT = 'network.transport'

export const HTTP_REQUEST_METHOD = 'http.request.method'
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code'
export const HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count'
export const URL_TEMPLATE = 'url.template'
export const SERVER_ADDRESS = 'server.address'
export const SERVER_PORT = 'server.port'
