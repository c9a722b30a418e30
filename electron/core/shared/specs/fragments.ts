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

/**
 * The enterprise a child record belongs to (a 危化品 unit, chemical or licence): required, identifying,
 * filterable, the first list column; `synonyms` are header words other than 企业.
 */
export function enterpriseParentField<const G extends string>(
  group: G,
  opts: { synonyms?: readonly string[] } = {},
) {
  return {
    key: 'enterpriseId' as const,
    label: '企业' as const,
    kind: 'ref' as const,
    column: 'enterprise_id' as const,
    ref: { table: 'enterprises' as const, as: 'enterpriseName' as const },
    identifying: true as const,
    required: true as const,
    filter: true as const,
    ...(opts.synonyms ? { synonyms: [...opts.synonyms] } : {}),
    list: { minWidth: 200, show: true as const, sortable: true as const },
    form: { group },
    export: { width: 26 },
  }
}

/** 村（社区） of a record's enterprise (a filter and a list column): the lists that find every
 * enterprise of a village storing 液氨, holding a licence … */
export const villageOfEnterprise = {
  key: 'villageId' as const,
  label: '村（社区）' as const,
  ref: 'villages' as const,
  via: [{ field: 'enterpriseId' as const, column: 'village_id' as const }],
  list: { as: 'villageName' as const, label: '村（社区）' as const, width: 100 },
}
