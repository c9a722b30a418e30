import type { ParsedArgs } from './commands'

// `audit`: the 操作日志 from a terminal, through the handler table like every other door.

export const AUDIT_HELP = `  audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
                                            操作日志：谁在何时对哪条记录做了什么（只增不改）
`

interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

type Call = <T>(name: string, input: unknown) => Promise<T>

interface Entry {
  at: string
  operator: string
  action: string
  actionLabel: string
  ledger: string
  ledgerLabel: string
  recordId: number | null
  recordName: string | null
  changes: { field: string; label: string; before: unknown; after: unknown }[]
  note: string | null
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export async function runAuditCommand(a: ParsedArgs, io: Io, call: Call): Promise<number> {
  const input: Record<string, string> = {}
  for (const k of ['from', 'to'] as const) {
    const v = a.flags[k]
    if (v === undefined) continue
    if (typeof v !== 'string' || !DATE.test(v)) {
      io.err(`--${k} 的日期应写作 YYYY-MM-DD，如 --${k} 2026-12-01`)
      return 2
    }
    input[k] = v
  }
  const entries: Entry[] = []
  for (let page = 1; ; page++) {
    const r = await call<{ rows: Entry[]; total: number }>('audit.list', { ...input, page, pageSize: 500 })
    entries.push(...r.rows)
    if (entries.length >= r.total || r.rows.length === 0) break
  }
  if (a.flags.json === true) {
    io.out(JSON.stringify(entries, null, 2))
    return 0
  }
  if (entries.length === 0) {
    io.out('该期间没有操作记录。')
    return 0
  }
  for (const e of entries) {
    const what = e.changes.length
      ? `：${e.changes.map((c) => `${c.label} ${String(c.before ?? '（空）')} → ${String(c.after ?? '（空）')}`).join('；')}`
      : ''
    io.out(
      `${e.at}  ${e.operator}  ${e.actionLabel}  ${e.ledgerLabel}  ${e.recordName ?? ''}${what}${e.note ? `（${e.note}）` : ''}`,
    )
  }
  io.out(`共 ${entries.length} 条。`)
  return 0
}
