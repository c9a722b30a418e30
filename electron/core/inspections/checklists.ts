import seed from '../../../resources/checklists.json'
import { isoNow, type Ctx, writeTx } from '../context'
import { AppError, notFound } from '../errors'

// Checklist templates per industry. The built-in ones come from resources/checklists.json
// (a copy of the domain reference's data, 12 templates / 161 items) and are inserted once;
// afterwards they are the office's to edit. Inspections copy the items they use, so editing
// or deleting a template never changes an earlier inspection record.

const SEED_KEY = 'checklistSeedVersion'

interface SeedItem {
  id: string
  category: string
  text: string
  basis: string
  majorHazardIf: boolean
}
interface SeedTemplate {
  id: string
  name: string
  appliesTo: string[]
  items: SeedItem[]
}
const SEED = seed as { version: number; templates: SeedTemplate[] }

export interface ChecklistTemplate {
  id: number
  code: string | null
  name: string
  appliesTo: string[]
  builtIn: boolean
  itemCount: number
  majorCount: number
}

export interface ChecklistItem {
  id: number
  templateId: number
  code: string | null
  category: string
  text: string
  basis: string
  /** How a finding against this item is worded on an order (empty: 未做到：<text>). */
  problem: string
  majorHazardIf: boolean
  sortOrder: number
}

export interface ChecklistItemInput {
  category: string
  text: string
  basis: string
  problem: string
  majorHazardIf: boolean
  sortOrder?: number
}

/** Inserts the built-in templates that are missing (by code and by name). Returns how many were added. */
export function seedChecklists(ctx: Ctx): number {
  return writeTx(ctx, () => {
    const now = isoNow(ctx)
    const has = ctx.db.prepare('SELECT 1 FROM checklist_templates WHERE code = ? OR name = ?')
    const maxOrder = ctx.db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM checklist_templates')
    const insT = ctx.db.prepare(
      'INSERT INTO checklist_templates(code, name, applies_to, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const insI = ctx.db.prepare(
      `INSERT INTO checklist_items(template_id, code, category, text, basis, major_hazard_if, sort_order, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    let added = 0
    for (const t of SEED.templates) {
      if (has.get(t.id, t.name)) continue
      const order = (maxOrder.get() as { m: number }).m + 1
      const tid = Number(insT.run(t.id, t.name, JSON.stringify(t.appliesTo), order, now, now).lastInsertRowid)
      t.items.forEach((it, i) =>
        insI.run(tid, it.id, it.category, it.text, it.basis, it.majorHazardIf ? 1 : 0, i + 1, now, now),
      )
      added++
    }
    ctx.db
      .prepare(
        'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(SEED_KEY, String(SEED.version))
    return added
  })
}

/** First use: seed once. A template the office deleted later does not come back by itself. */
export function ensureChecklists(ctx: Ctx): void {
  if (ctx.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(SEED_KEY)) return
  seedChecklists(ctx)
}

const T_SELECT = `SELECT t.id, t.code, t.name, t.applies_to,
  (SELECT count(*) FROM checklist_items i WHERE i.template_id = t.id) AS itemCount,
  (SELECT count(*) FROM checklist_items i WHERE i.template_id = t.id AND i.major_hazard_if = 1) AS majorCount
  FROM checklist_templates t`

type TRow = {
  id: number
  code: string | null
  name: string
  applies_to: string
  itemCount: number
  majorCount: number
}
const toTemplate = (r: TRow): ChecklistTemplate => ({
  id: r.id,
  code: r.code,
  name: r.name,
  appliesTo: JSON.parse(r.applies_to) as string[],
  builtIn: r.code !== null,
  itemCount: r.itemCount,
  majorCount: r.majorCount,
})

export function listTemplates(ctx: Ctx): ChecklistTemplate[] {
  ensureChecklists(ctx)
  return (ctx.db.prepare(`${T_SELECT} ORDER BY t.sort_order, t.id`).all() as TRow[]).map(toTemplate)
}

export function getTemplate(ctx: Ctx, id: number): ChecklistTemplate & { items: ChecklistItem[] } {
  const row = ctx.db.prepare(`${T_SELECT} WHERE t.id = ?`).get(id) as TRow | undefined
  if (!row) throw notFound('该检查表')
  return { ...toTemplate(row), items: templateItems(ctx, id) }
}

type IRow = {
  id: number
  template_id: number
  code: string | null
  category: string
  text: string
  basis: string
  problem: string
  major_hazard_if: number
  sort_order: number
}
const toItem = (r: IRow): ChecklistItem => ({
  id: r.id,
  templateId: r.template_id,
  code: r.code,
  category: r.category,
  text: r.text,
  basis: r.basis,
  problem: r.problem,
  majorHazardIf: r.major_hazard_if === 1,
  sortOrder: r.sort_order,
})

export function templateItems(ctx: Ctx, templateId: number): ChecklistItem[] {
  return (
    ctx.db
      .prepare('SELECT * FROM checklist_items WHERE template_id = ? ORDER BY sort_order, id')
      .all(templateId) as IRow[]
  ).map(toItem)
}

function assertNameFree(ctx: Ctx, name: string, exceptId: number | null): void {
  const row = ctx.db.prepare('SELECT id FROM checklist_templates WHERE name = ?').get(name) as
    { id: number } | undefined
  if (row && row.id !== exceptId) {
    const message = `已有名为“${name}”的检查表，请换一个名称`
    throw new AppError('CONFLICT', message, { issues: [{ field: 'name', message }] })
  }
}

export function createTemplate(
  ctx: Ctx,
  input: { name: string; appliesTo: string[]; copyFromId?: number },
): ChecklistTemplate & { items: ChecklistItem[] } {
  ensureChecklists(ctx)
  return writeTx(ctx, () => {
    assertNameFree(ctx, input.name, null)
    const source = input.copyFromId ? getTemplate(ctx, input.copyFromId) : null
    const now = isoNow(ctx)
    const order =
      (
        ctx.db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM checklist_templates').get() as {
          m: number
        }
      ).m + 1
    const id = Number(
      ctx.db
        .prepare(
          'INSERT INTO checklist_templates(code, name, applies_to, sort_order, created_at, updated_at) VALUES (NULL, ?, ?, ?, ?, ?)',
        )
        .run(
          input.name,
          JSON.stringify(input.appliesTo.length ? input.appliesTo : (source?.appliesTo ?? [])),
          order,
          now,
          now,
        ).lastInsertRowid,
    )
    const ins = ctx.db.prepare(
      `INSERT INTO checklist_items(template_id, code, category, text, basis, problem, major_hazard_if, sort_order, created_at, updated_at)
       VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const it of source?.items ?? [])
      ins.run(
        id,
        it.category,
        it.text,
        it.basis,
        it.problem,
        it.majorHazardIf ? 1 : 0,
        it.sortOrder,
        now,
        now,
      )
    return getTemplate(ctx, id)
  })
}

export function updateTemplate(
  ctx: Ctx,
  input: { id: number; name?: string; appliesTo?: string[] },
): ChecklistTemplate & { items: ChecklistItem[] } {
  return writeTx(ctx, () => {
    const t = getTemplate(ctx, input.id)
    const name = input.name ?? t.name
    assertNameFree(ctx, name, t.id)
    ctx.db
      .prepare('UPDATE checklist_templates SET name = ?, applies_to = ?, updated_at = ? WHERE id = ?')
      .run(name, JSON.stringify(input.appliesTo ?? t.appliesTo), isoNow(ctx), t.id)
    return getTemplate(ctx, t.id)
  })
}

export function removeTemplate(ctx: Ctx, id: number): { id: number; usedByInspections: number } {
  return writeTx(ctx, () => {
    getTemplate(ctx, id)
    const used = ctx.db.prepare('SELECT count(*) AS n FROM inspections WHERE template_id = ?').get(id) as {
      n: number
    }
    ctx.db.prepare('DELETE FROM checklist_templates WHERE id = ?').run(id)
    return { id, usedByInspections: used.n }
  })
}

export function saveItem(
  ctx: Ctx,
  templateId: number,
  itemId: number | undefined,
  input: ChecklistItemInput,
): ChecklistItem {
  return writeTx(ctx, () => {
    getTemplate(ctx, templateId)
    const now = isoNow(ctx)
    let id = itemId
    if (id === undefined) {
      const order =
        input.sortOrder ??
        (
          ctx.db
            .prepare('SELECT coalesce(max(sort_order), 0) AS m FROM checklist_items WHERE template_id = ?')
            .get(templateId) as { m: number }
        ).m + 1
      id = Number(
        ctx.db
          .prepare(
            `INSERT INTO checklist_items(template_id, code, category, text, basis, problem, major_hazard_if, sort_order, created_at, updated_at)
             VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            templateId,
            input.category,
            input.text,
            input.basis,
            input.problem,
            input.majorHazardIf ? 1 : 0,
            order,
            now,
            now,
          ).lastInsertRowid,
      )
    } else {
      const cur = ctx.db.prepare('SELECT * FROM checklist_items WHERE id = ?').get(id) as IRow | undefined
      if (!cur || cur.template_id !== templateId) throw notFound('该检查项')
      ctx.db
        .prepare(
          'UPDATE checklist_items SET category = ?, text = ?, basis = ?, problem = ?, major_hazard_if = ?, sort_order = ?, updated_at = ? WHERE id = ?',
        )
        .run(
          input.category,
          input.text,
          input.basis,
          input.problem,
          input.majorHazardIf ? 1 : 0,
          input.sortOrder ?? cur.sort_order,
          now,
          id,
        )
    }
    ctx.db.prepare('UPDATE checklist_templates SET updated_at = ? WHERE id = ?').run(now, templateId)
    return toItem(ctx.db.prepare('SELECT * FROM checklist_items WHERE id = ?').get(id) as IRow)
  })
}

export function removeItem(ctx: Ctx, id: number): { id: number } {
  const r = ctx.db.prepare('DELETE FROM checklist_items WHERE id = ?').run(id)
  if (r.changes === 0) throw notFound('该检查项')
  return { id }
}
