// Turns `<ledger>.history` entries into lines a clerk reads: "风险等级：一般风险（黄） → 重大风险（红）".
// Values are shown as the kit displays them; links by the names the core stored with the change,
// else by the current lookup names.
import { KINDS } from '../../electron/core/shared/kit/kinds'
import type { Change, HistoryEntry } from '../../electron/core/shared/kit/types'
import type { FieldSpec, LedgerSpec } from '../../electron/core/shared/kit/spec'

export const ACTION_LABELS: Record<HistoryEntry['action'], string> = {
  create: '新建',
  update: '修改',
  delete: '移入回收站',
  restore: '恢复',
  import: '导入',
}

export interface NameLookup {
  villageNames: ReadonlyMap<number, string>
  industryNames: ReadonlyMap<number, string>
}

const BLANK = '（空）'

export function formatValue(spec: LedgerSpec, field: string, value: unknown, names: NameLookup): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return BLANK
  const f = (spec.fields as FieldSpec[]).find((x) => x.key === field)
  if (!f) return String(value)
  if (f.kind === 'ref') {
    const map = f.ref?.table === 'industries' ? names.industryNames : names.villageNames
    return map.get(Number(value)) ?? `已删除的${f.label}（编号 ${String(value)}）`
  }
  if (f.kind === 'year') return `${String(value)}年`
  if (f.kind === 'int' || f.kind === 'decimal') return `${String(value)}${f.unit ? ` ${f.unit}` : ''}`
  const s = KINDS[f.kind].display(value, f)
  return s === '' ? BLANK : s
}

export interface HistoryLine {
  label: string
  before: string
  after: string
}

export interface HistoryItem {
  id: number
  at: string
  action: string
  lines: HistoryLine[]
}

function text(spec: LedgerSpec, c: Change, side: 'before' | 'after', names: NameLookup): string {
  const stored = side === 'before' ? c.beforeText : c.afterText
  if (stored !== undefined) return stored === '' ? BLANK : stored
  return formatValue(spec, c.field, c[side], names)
}

export function formatHistory(
  spec: LedgerSpec,
  entries: readonly HistoryEntry[],
  names: NameLookup,
): HistoryItem[] {
  return entries.map((e) => ({
    id: e.id,
    at: e.at,
    action: ACTION_LABELS[e.action] ?? e.action,
    lines: e.changes
      // A new record lists what was filled in; blank fields say nothing.
      .filter((c) => e.action !== 'create' || text(spec, c, 'after', names) !== BLANK)
      .map((c) => ({
        label: c.label,
        before: text(spec, c, 'before', names),
        after: text(spec, c, 'after', names),
      })),
  }))
}
