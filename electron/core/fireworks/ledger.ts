import { z } from 'zod'
import { chinaToday, type Ctx } from '../context'
import { ledgerHandlers } from '../kit/handlers'
import { createRepo, idsIn } from '../kit/repo'
import { LICENCE_FILTERS, type LicenceFilterValue } from '../shared/fireworks/licence-filters'
import { licenceNumberKey, parseLicenceNumber } from '../shared/fireworks/licence-number'
import { comingSpringFestival } from '../shared/fireworks/lunar'
import { checkValidity } from '../shared/fireworks/validity'
import type { FieldIssue } from '../shared/kit/schema'
import { fireworksLicenceSpec, fireworksOutletSpec } from '../shared/specs/fireworks'
import { currentOf, matchesLicence, outletRow, type Licence, type Outlet, type OutletRow } from './current'

// 烟花爆竹零售点 and their licences on the kit. The licence number is kept in its full-width form
// whatever brackets the clerk typed; the form refuses a validity over two years (an import keeps
// such a row with a warning, see import.ts) and a number another licence already has.

export const fireworksLicenceRepo = createRepo(fireworksLicenceSpec, {
  derive(values) {
    const r = values.licenceNo ? parseLicenceNumber(values.licenceNo) : null
    return r?.ok ? { licenceNo: r.value } : {}
  },
  check(ctx: Ctx, v, exceptId) {
    const issues: FieldIssue[] = []
    const r = v.licenceNo ? parseLicenceNumber(v.licenceNo) : null
    if (r && !r.ok) issues.push({ field: 'licenceNo', message: r.why })
    if (r?.ok) {
      const other = ctx.db
        .prepare(
          `SELECT l.id, o.name, l.deleted_at FROM fireworks_licences l JOIN fireworks_outlets o ON o.id = l.outlet_id
           WHERE l.licence_no = ? AND l.id IS NOT ?`,
        )
        .get(r.value, exceptId) as { id: number; name: string; deleted_at: string | null } | undefined
      if (other)
        issues.push({
          field: 'licenceNo',
          message: `许可证编号 ${r.value} 已登记在“${other.name}”名下${other.deleted_at ? '（在回收站中）' : ''}，同一编号不能登记两次`,
        })
    }
    if (v.validFrom && v.validTo) {
      const p = checkValidity(v.validFrom, v.validTo)
      if (p) issues.push({ field: p.field, message: p.message })
    }
    return issues
  },
})

/** The outlets' licences (not in the 回收站), by outlet: of these outlets, or of all. */
export function licencesByOutlet(ctx: Ctx, outletIds: number[] | null): Map<number, Licence[]> {
  const out = new Map<number, Licence[]>()
  const filters = outletIds ? { outletId: { in: outletIds } } : {}
  for (const l of fireworksLicenceRepo.iterate(ctx, { filters })) {
    const list = out.get(l.outletId) ?? []
    list.push(l)
    out.set(l.outletId, list)
  }
  return out
}

/** Every outlet (not in the 回收站) in list order, with the licence that counts today. */
export function outletRows(ctx: Ctx): OutletRow[] {
  const today = chinaToday(ctx)
  const licences = licencesByOutlet(ctx, null)
  return [...fireworksOutletRepo.iterate(ctx, {})].map((o) => outletRow(o, licences.get(o.id) ?? [], today))
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 2026-01-01')
const span = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: '起始日期不能晚于截止日期', path: ['from'] })
type Span = z.output<typeof span>

/**
 * The outlet list carries each outlet's current licence (编号, 有效期, standing, warnings), sorts
 * by its 有效期止 and filters by it: the licence standing (到期提醒, 过期仍在营, 春节前需续证 — the Spring Festival
 * from the lunar calendar), 工作台's licence expiry counts, and 统计's periods (持证, 检查).
 */
export const fireworksOutletRepo = createRepo(fireworksOutletSpec, {
  list: {
    filters: {
      licence: {
        value: z.enum(LICENCE_FILTERS.map((f) => f.value) as [LicenceFilterValue, ...LicenceFilterValue[]], {
          error: '未知的许可证状态',
        }),
        where: (ctx, f: LicenceFilterValue, today) => {
          const festival = comingSpringFestival(today)
          return idsIn(outletRows(ctx).flatMap((r) => (matchesLicence(r, f, festival) ? [r.id] : [])))
        },
        name: (_ctx, f: LicenceFilterValue) => LICENCE_FILTERS.find((x) => x.value === f)?.label ?? '',
      },
      /** Outlets whose licence is in 工作台's expiry count (the licence spec's `expires`). */
      licenceExpiry: {
        value: z.enum(['expired', 'expiring']),
        where: (ctx, expiry: 'expired' | 'expiring') =>
          idsIn(
            new Set(
              [...fireworksLicenceRepo.iterate(ctx, { filters: { validTo: { expiry } } })].map(
                (l) => l.outletId,
              ),
            ),
          ),
        name: (_ctx, expiry: 'expired' | 'expiring') =>
          `许可证${expiry === 'expired' ? '已到期' : '即将到期'}`,
      },
      /** 统计: outlets holding a licence (not in the 回收站) valid on some day of the period. */
      licensedIn: {
        value: span,
        where: (_ctx, p: Span) => [
          `t.id IN (SELECT outlet_id FROM fireworks_licences WHERE deleted_at IS NULL
             AND coalesce(valid_from, valid_to) <= ? AND coalesce(valid_to, '9999-12-31') >= ?)`,
          [p.to, p.from],
        ],
        name: (_ctx, p: Span) => `${p.from}至${p.to}持证`,
      },
      /** 统计: outlets inspected in the period, as an outlet or as the enterprise it is. */
      inspectedIn: {
        value: span,
        where: (_ctx, p: Span) => [
          `EXISTS (SELECT 1 FROM inspections i WHERE substr(i.started_at, 1, 10) BETWEEN ? AND ?
             AND (i.outlet_id = t.id OR (t.enterprise_id IS NOT NULL AND i.enterprise_id = t.enterprise_id)))`,
          [p.from, p.to],
        ],
        name: (_ctx, p: Span) => `${p.from}至${p.to}检查过`,
      },
    },
    rows: (ctx, rows) => {
      const today = chinaToday(ctx)
      const licences = licencesByOutlet(
        ctx,
        rows.map((r) => r.id),
      )
      return rows.map((o: Outlet) => outletRow(o, licences.get(o.id) ?? [], today))
    },
    // 有效期止 of the licence that counts today
    sorts: {
      validTo: (ctx, ids) => {
        const today = chinaToday(ctx)
        const licences = licencesByOutlet(ctx, ids)
        return new Map(ids.map((id) => [id, currentOf(licences.get(id) ?? [], today)?.validTo ?? null]))
      },
    },
    // A licence number (or part of one) finds its outlet, however the brackets were typed.
    search: (ctx, word) => {
      const want = licenceNumberKey(word)
      if (want.length < 2) return []
      const rows = ctx.db
        .prepare('SELECT licence_no, outlet_id FROM fireworks_licences WHERE deleted_at IS NULL')
        .raw()
        .all() as [string, number][]
      return [...new Set(rows.filter(([no]) => licenceNumberKey(no).includes(want)).map(([, id]) => id))]
    },
  },
})

export const fireworksOutletHandlers = ledgerHandlers(fireworksOutletRepo)
export const fireworksLicenceHandlers = ledgerHandlers(fireworksLicenceRepo)
