// A ledger list's columns, from the spec's `list` settings, plus the bookkeeping columns.
import type { FieldSpec, LedgerSpec } from '../../electron/core/shared/kit/spec'

export interface LedgerColumn {
  key: string
  label: string
  width?: number
  minWidth?: number
  /** Two lines of text, the whole of it on hover, instead of one cut line. */
  wrap?: boolean
  sortable: boolean
  /** Shown unless the clerk hides it; the default set fits 1366 px without horizontal scrolling. */
  defaultVisible: boolean
  field: FieldSpec | null
  /** A derived column the ledger's export writes too (by this key). */
  exported?: boolean
}

/** A column of a value the ledger's list hook derives (an outlet's current licence number). */
export type ExtraColumn = Omit<LedgerColumn, 'field' | 'sortable' | 'defaultVisible'> & {
  defaultVisible?: boolean
  /** By the list hook's sort of this key (and the page's `extras.sorts`). */
  sortable?: boolean
}

export function ledgerColumns(spec: LedgerSpec, extra: readonly ExtraColumn[] = []): LedgerColumn[] {
  const cols: LedgerColumn[] = (spec.fields as FieldSpec[])
    .filter((f) => f.list)
    .map((f) => ({
      key: f.key,
      label: f.list?.label ?? f.label,
      width: f.list?.width,
      // Names take the room that is left; short codes keep their width.
      minWidth: f.list?.minWidth,
      wrap: f.list?.wrap,
      sortable: f.list?.sortable !== false,
      defaultVisible: f.list?.show !== false,
      field: f,
    }))
  // values of linked records (a hazard's 村（社区）, its enterprise's)
  // (placed after the link they come through)
  for (const l of spec.linkedFilters ?? [])
    if (l.list)
      cols.splice(cols.findIndex((c) => c.key === l.via[0]?.field) + 1, 0, {
        key: l.list.as,
        label: l.list.label,
        width: l.list.width,
        sortable: false,
        defaultVisible: true,
        field: null,
      })
  cols.push(
    ...extra.map((c) => ({
      ...c,
      sortable: c.sortable === true,
      defaultVisible: c.defaultVisible !== false,
      field: null,
    })),
    { key: 'updatedAt', label: '最后修改', width: 160, sortable: true, defaultVisible: false, field: null },
    { key: 'createdAt', label: '登记时间', width: 160, sortable: true, defaultVisible: false, field: null },
  )
  return cols
}
