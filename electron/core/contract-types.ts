// Type-only surface for the renderer: it never imports runtime code from the core.
export type { Api, ApiName } from './contract'
export type { ErrorPayload, ErrorCode } from './errors'
export type { Result } from './dispatch'
