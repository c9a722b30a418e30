// Moved to electron/core/shared/ so the renderer can use the same enums and labels.
export * from '../shared/document-fields'
