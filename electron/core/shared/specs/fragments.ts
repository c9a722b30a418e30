// Field definitions many ledgers share, written once. Each returns a plain field spec (`as const`,
// so the key and kind stay literal types for the generated schemas); the arguments are what
// differs between ledgers.

/** 备注: free text at the end of the form, hidden in the list by default, read from 备注/说明 columns. */
export function notesField<const G extends string>(
  group: G,
  opts: {
    max?: number
    /** Other header words than 说明 (an enterprise roster's 其他). */
    synonyms?: readonly string[]
    minWidth?: number
    /** Export column width; `hidden` leaves 备注 out of the export. */
    exportWidth?: number | 'hidden'
  } = {},
) {
  const exportWidth = opts.exportWidth ?? 20
  return {
    key: 'notes' as const,
    label: '备注' as const,
    kind: 'longText' as const,
    column: 'notes' as const,
    max: opts.max ?? 1000,
    synonyms: [...(opts.synonyms ?? ['说明'])],
    list: { minWidth: opts.minWidth ?? 160, show: false as const, sortable: false as const },
    form: { group, span: 2 as const },
    export: exportWidth === 'hidden' ? { hidden: true as const } : { width: exportWidth },
  }
}
