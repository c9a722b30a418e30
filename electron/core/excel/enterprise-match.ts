import type { Ctx } from '../context'
import { TO_COMPLETE } from '../shared/kit/form'
import { halfWidth } from '../shared/kit/kinds/common'
import { pinyinKey } from '../shared/kit/pinyin'
import type { PlanEnv, RowContext } from './ledgers/plugin'

// Before an import creates an enterprise, the name is matched as offices vary it: full-width
// letters, （）/() and spaces, and the legal-form suffix (有限公司, 有限责任公司, 厂 …). A near match is
// not taken silently: the engine collects it for the wizard, which offers "记在已有的 X 名下" or
// "新建企业" (the default is the existing one), and the CLI reports it in its JSON. Used by every
// importer that finds or creates enterprises (the enterprise roster, hazards, chemicals).

/** A name as offices vary it, reduced to what identifies the enterprise. */
export function looseName(name: string): string {
  return halfWidth(name)
    .replace(/[\s()（）[\]【】·.,，、"“”'‘’]/g, '')
    .replace(/(股份有限公司|有限责任公司|有限公司|股份公司|公司|总厂|分厂|厂|商行|经营部|店)$/, '')
    .toLowerCase()
}

/** An enterprise in the roster as the importers see it. */
export interface KnownEnterprise {
  id: number
  name: string
  village: string
  deleted: boolean
}

/** A name in the file that is not in the roster but close to one that is. */
export interface NearMatch {
  /** The name as the file writes it. */
  name: string
  existingId: number
  existingName: string
  village: string
  /** Sheet rows naming it. */
  rows: number[]
  /** The clerk's choice (default: the existing enterprise). */
  useExisting: boolean
}

/** The roster by exact and by loose name, built once per plan. */
export class EnterpriseIndex {
  private readonly exact = new Map<string, KnownEnterprise[]>()
  private readonly loose = new Map<string, KnownEnterprise[]>()

  constructor(rows: Iterable<KnownEnterprise>) {
    for (const e of rows)
      for (const [map, k] of [
        [this.exact, e.name],
        [this.loose, looseName(e.name)],
      ] as const) {
        const list = map.get(k) ?? []
        list.push(e)
        map.set(k, list)
      }
  }

  /** Enterprises named exactly so (in the village, when the row names one). */
  named(name: string, village: string | null): KnownEnterprise[] {
    return (this.exact.get(name) ?? []).filter((e) => !e.deleted && (!village || e.village === village))
  }

  /** Enterprises whose name differs only in width, brackets, spaces or legal form. */
  near(name: string, village: string | null): KnownEnterprise[] {
    // (an empty roster, as in a first import, has nothing to offer: no name is normalised)
    if (this.loose.size === 0) return []
    return (this.loose.get(looseName(name)) ?? []).filter(
      (e) => !e.deleted && e.name !== name && (!village || e.village === village),
    )
  }

  /**
   * The enterprise a row's name means: the exact name, else the one near match unless the clerk
   * chose to create a new enterprise for this name. `candidates` empty means "create it".
   */
  resolve(
    name: string,
    village: string | null,
    row: RowContext,
    env: PlanEnv,
    field = 'enterpriseName',
  ): { name: string; candidates: KnownEnterprise[] } {
    const exact = this.named(name, village)
    if (exact.length) return { name, candidates: exact }
    const near = this.near(name, village)
    if (near.length !== 1) return { name, candidates: [] }
    const e = near[0] as KnownEnterprise
    if (env.nearEnterprise(name, e)) {
      row.warn(field, `企业台账中没有“${name}”，按相近名称记在“${e.name}”名下，请核对`)
      return { name: e.name, candidates: near }
    }
    return { name, candidates: [] }
  }

  /**
   * The one enterprise a row's name means (`id` null: it is to be created), or null when the
   * roster has several of that name and the row must name its village — said on the row.
   */
  resolveOne(
    name: string,
    village: string | null,
    row: RowContext,
    env: PlanEnv,
  ): { name: string; id: number | null } | null {
    const found = this.resolve(name, village, row, env)
    if (found.candidates.length > 1) {
      row.issue(
        'enterpriseName',
        `企业台账中有 ${found.candidates.length} 家名为“${found.name}”的企业，请在表中填写所属村（社区）以区分`,
      )
      return null
    }
    return { name: found.name, id: found.candidates[0]?.id ?? null }
  }
}

/**
 * Adds the enterprises an import names that the roster lacks — to the village the row names, or
 * 待补充 — each once per batch, recorded with the batch (with any village it had to add) so that
 * undoing the batch removes them. `note` says where they came from, for the clerk to complete.
 */
export function enterpriseAdder(
  ctx: Ctx,
  batch: { id: number; now: string },
  opts: { note: string; hazchem?: boolean },
): { add(name: string, village: string | null): number; created: string[] } {
  const created: string[] = []
  const ids = new Map<string, number>()
  const recorded = ctx.db.prepare(
    'INSERT INTO import_batch_created(batch_id, table_name, record_id) VALUES (?, ?, ?)',
  )
  const villageId = ctx.db.prepare('SELECT id FROM villages WHERE name = ?').pluck()
  const villageOf = (name: string | null): number => {
    const n = name ?? TO_COMPLETE
    const found = villageId.get(n) as number | undefined
    if (found) return found
    const order = ctx.db
      .prepare('SELECT coalesce(max(sort_order), 0) + 1 FROM villages')
      .pluck()
      .get() as number
    const id = Number(
      ctx.db
        .prepare('INSERT INTO villages(name, sort_order, created_at) VALUES (?, ?, ?)')
        .run(n, order, batch.now).lastInsertRowid,
    )
    recorded.run(batch.id, 'villages', id)
    return id
  }
  const insert = ctx.db.prepare(
    'INSERT INTO enterprises(name, name_py, village_id, flag_hazchem, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  return {
    created,
    add(name, village) {
      const k = `${name}|${village ?? ''}`
      let id = ids.get(k)
      if (id) return id
      id = Number(
        insert.run(
          name,
          pinyinKey(name),
          villageOf(village),
          opts.hazchem ? 1 : 0,
          opts.note,
          batch.now,
          batch.now,
        ).lastInsertRowid,
      )
      recorded.run(batch.id, 'enterprises', id)
      ids.set(k, id)
      created.push(name)
      return id
    },
  }
}
