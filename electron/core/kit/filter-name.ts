import type { Ctx } from '../context'
import { KINDS } from '../shared/kit/kinds'
import type { FieldSpec, LedgerSpec } from '../shared/kit/spec'
import type { ListQuery } from '../shared/kit/types'
import type { ListFilters } from './repo'

// A filtered export is named after its filter, as the clerk chose it in the list: 企业台账（大溪村、
// 规上企业）-20261128.xlsx, and the sheet's title says the same. Empty without a filter.

const MAX = 40

export function filterName(
  ctx: Pick<Ctx, 'db'>,
  spec: LedgerSpec,
  q: Pick<ListQuery, 'filters' | 'query' | 'extra'>,
  /** The list's own named filters (its repository's `listFilters`). */
  extra: ListFilters = {},
): string {
  const fields = spec.fields as FieldSpec[]
  const parts: string[] = []
  for (const [key, ff] of Object.entries(q.filters ?? {})) {
    const f = fields.find((x) => x.key === key)
    // a value of a linked record (the 村（社区） of a chemical's enterprise): its name
    const linked = f ? undefined : spec.linkedFilters?.find((l) => l.key === key)
    if (linked && ff)
      for (const v of ff.in ?? [])
        parts.push(String(ctx.db.prepare(`SELECT name FROM ${linked.ref} WHERE id = ?`).pluck().get(v) ?? ''))
    if (!f || !ff) continue
    for (const v of ff.in ?? []) parts.push(valueText(ctx, f, v))
    if (ff.notIn?.length) parts.push(`${f.label}除${ff.notIn.map((v) => valueText(ctx, f, v)).join('、')}外`)
    if (ff.from !== undefined || ff.to !== undefined) parts.push(`${f.label}${ff.from ?? ''}至${ff.to ?? ''}`)
    if (ff.empty === true) parts.push(`未填${f.label}`)
    if (ff.empty === false) parts.push(`已填${f.label}`)
    if (ff.expiry) parts.push(`${f.label}${ff.expiry === 'expired' ? '已到期' : '即将到期'}`)
  }
  for (const [key, v] of Object.entries(q.extra ?? {}))
    if (v !== undefined && extra[key]) parts.push(extra[key].name(ctx as Ctx, v as never))
  if (q.query?.trim()) parts.push(`含“${q.query.trim()}”`)
  const text = [...new Set(parts.filter(Boolean))]
    .join('、')
    .replace(/[\\/]/g, '／')
    .replace(/[:*?"<>|\r\n]/g, '')
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
}

function valueText(ctx: Pick<Ctx, 'db'>, f: FieldSpec, v: string | number | boolean): string {
  if (f.kind === 'ref' && typeof v === 'number')
    return (ctx.db.prepare(`SELECT name FROM ${f.ref!.table} WHERE id = ?`).pluck().get(v) as string) ?? ''
  if (f.kind === 'yesNo') return v ? f.label : `非${f.label}`
  if (f.kind === 'flags') return f.options?.find((o) => o.value === v)?.label ?? String(v)
  return KINDS[f.kind].display(v, f) || String(v)
}
