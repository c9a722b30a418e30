import { z } from 'zod'
import { AppError, notFound } from '../errors'
import { handler, isoNow, type Ctx, writeTx } from '../context'

// Villages (村/社区) and industries (行业类别) are short lists the office edits itself.
// Both behave the same way, so one factory serves both tables.

export interface LookupItem {
  id: number
  name: string
  sortOrder: number
  enterpriseCount: number
}

const nameSchema = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `请填写${label}名称` })
      .min(1, `请填写${label}名称`)
      .max(40, `${label}名称不能超过40个字`),
  )

function lookupHandlers(table: 'villages' | 'industries', fk: string, label: string) {
  const list = (ctx: Ctx): LookupItem[] =>
    ctx.db
      .prepare(
        `SELECT t.id, t.name, t.sort_order AS sortOrder,
                (SELECT count(*) FROM enterprises e WHERE e.${fk} = t.id AND e.deleted_at IS NULL) AS enterpriseCount
         FROM ${table} t ORDER BY t.sort_order, t.id`,
      )
      .all() as LookupItem[]

  const assertUnique = (ctx: Ctx, name: string, exceptId: number | null): void => {
    const row = ctx.db.prepare(`SELECT id FROM ${table} WHERE name = ?`).get(name) as
      { id: number } | undefined
    if (row && row.id !== exceptId)
      throw new AppError('CONFLICT', `${label}“${name}”已存在，请换一个名称`, { field: 'name' })
  }

  return {
    list: handler(z.object({}).optional(), (ctx) => list(ctx)),
    create: handler(z.object({ name: nameSchema(label) }), (ctx, input) => {
      assertUnique(ctx, input.name, null)
      const max = ctx.db.prepare(`SELECT coalesce(max(sort_order), 0) AS m FROM ${table}`).get() as {
        m: number
      }
      const r = ctx.db
        .prepare(`INSERT INTO ${table}(name, sort_order, created_at) VALUES (?, ?, ?)`)
        .run(input.name, max.m + 1, isoNow(ctx))
      return { id: Number(r.lastInsertRowid) }
    }),
    rename: handler(z.object({ id: z.number().int().positive(), name: nameSchema(label) }), (ctx, input) => {
      assertUnique(ctx, input.name, input.id)
      const r = ctx.db.prepare(`UPDATE ${table} SET name = ? WHERE id = ?`).run(input.name, input.id)
      if (r.changes === 0) throw notFound(label)
      return { id: input.id }
    }),
    remove: handler(z.object({ id: z.number().int().positive() }), (ctx, input) => {
      const used = ctx.db.prepare(`SELECT count(*) AS n FROM enterprises WHERE ${fk} = ?`).get(input.id) as {
        n: number
      }
      if (used.n > 0)
        throw new AppError(
          'CONFLICT',
          `该${label}下还有 ${used.n} 家企业（含回收站），不能删除。请先把这些企业改到其他${label}。`,
        )
      const r = ctx.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(input.id)
      if (r.changes === 0) throw notFound(label)
      return { id: input.id }
    }),
    reorder: handler(z.object({ ids: z.array(z.number().int().positive()).max(1000) }), (ctx, input) => {
      const stmt = ctx.db.prepare(`UPDATE ${table} SET sort_order = ? WHERE id = ?`)
      writeTx(ctx, () => input.ids.forEach((id, i) => stmt.run(i + 1, id)))
      return list(ctx)
    }),
  }
}

export const villages = lookupHandlers('villages', 'village_id', '村（社区）')
export const industries = lookupHandlers('industries', 'industry_id', '行业')
