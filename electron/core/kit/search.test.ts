import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../demo/rng'
import { excelJs } from '../excel/exceljs'
import { enterpriseRepo } from '../enterprises/ledger'
import type { Core } from '../index'
import { pinyinKey } from '../shared/kit/pinyin'
import type { FieldSpec } from '../shared/kit/spec'
import { creditCodeCheckChar } from '../shared/validators'
import { memoryCore, ok, waitJob } from '../test/helpers'

// Search by one or two characters reads the short-query index (or walks the list when a word is
// common); it must find exactly what reading every record would: each word a substring of some
// searchable field (a pinyin name by its full pinyin or initials), records in the 回收站 only in
// the 回收站. Held against a plain scan of the stored rows after every kind of write.

const WORDS =
  '华兴恒泰鑫源永盛宏达金鼎瑞丰嘉禾天成顺达联创福海青禾安泰润通明辉佳乐新峰祥和东昌远航利民长青博雅'
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋'
const TRADES = ['机械', '五金', '纺织', '塑料', '商贸', '化工', '加油站', '饭店', 'ABC贸易']
const ROWS = 4000

type Row = Record<string, unknown>
type Rec = { id: number }

let core: Core
const r = rng(7)
const pick = <T>(a: readonly T[] | string): T => a[Math.floor(r() * a.length)] as T
const phone = () => `1${3 + Math.floor(r() * 6)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`

function newEnterprise(i: number, villages: number[]): Row {
  const body = `91329999${String(i).padStart(9, '0')}`
  return {
    name: `${pick<string>(WORDS)}${pick<string>(WORDS)}${pick(TRADES)}${r() < 0.7 ? '有限公司' : '厂'}${i}`,
    creditCode: r() < 0.8 ? body + creditCodeCheckChar(body) : null,
    villageId: pick(villages),
    address: r() < 0.5 ? `${pick(['兴业路', '青禾大道', 'Lane '])}${i % 97}号` : null,
    principal: r() < 0.9 ? `${pick<string>(SURNAMES)}${pick<string>(WORDS)}` : null,
    principalPhone: r() < 0.8 ? phone() : null,
    safetyOfficer: r() < 0.5 ? `${pick<string>(SURNAMES)}${pick<string>(WORDS)}${pick<string>(WORDS)}` : null,
    contactPhone: r() < 0.3 ? `0571-${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null,
    riskLevel: pick(['major', 'high', 'medium', 'low', null]),
  }
}

async function importSheet(rows: Row[]): Promise<number> {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('企业台账')
  ws.addRow(['企业名称', '统一社会信用代码', '所属村（社区）', '主要负责人', '负责人电话', '生产经营地址'])
  for (const x of rows) ws.addRow([x.name, x.creditCode, '东湖村', x.principal, x.principalPhone, x.address])
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
    ledger: 'enterprises',
    fileName: 'search.xlsx',
    base64: bytes.toString('base64'),
  })
  const p = await waitJob<{ importId: string; errors: { message: string }[] }>(core, jobId)
  expect(p.errors).toEqual([])
  const c = await ok<{ jobId: string }>(core, 'excel.commitImport', { importId: p.importId })
  return (await waitJob<{ batchId: number }>(core, c.jobId)).batchId
}

beforeAll(async () => {
  core = await memoryCore()
  const db = core.ctx.db
  const villages = ['东湖村', '西岭村', '南塘村', '柳溪村'].map((name, i) =>
    Number(
      db
        .prepare("INSERT INTO villages(name, sort_order, created_at) VALUES (?, ?, '2026-01-01')")
        .run(name, i + 1).lastInsertRowid,
    ),
  )
  // a ledger loaded row by row (the index's insert trigger) …
  db.transaction(() => {
    for (let i = 1; i <= ROWS; i++) {
      const full: Row = {}
      for (const f of enterpriseRepo.spec.fields) full[f.key] = null
      Object.assign(
        full,
        { flags: [], aboveThreshold: false, status: 'operating' },
        newEnterprise(i, villages),
      )
      const cols = enterpriseRepo.toDb(full)
      const names = Object.keys(cols)
      db.prepare(
        `INSERT INTO enterprises(${names.join(',')}, created_at, updated_at) VALUES (${names.map(() => '?').join(',')}, '2026-01-01', '2026-01-01')`,
      ).run(...names.map((n) => cols[n]))
    }
  })()
  // … then every kind of write: form create and update, bulk change, 回收站 and restore, a large
  // import (the index filled in bulk) and an import undone
  for (let i = 0; i < 5; i++)
    await ok(core, 'enterprise.create', {
      data: { ...newEnterprise(ROWS + 1 + i, villages), name: `利民塑料新厂${i}`, status: 'operating' },
    })
  for (const id of [5, 6, 7, 8]) {
    const rec = await ok<{ version: number }>(core, 'enterprise.get', { id })
    await ok(core, 'enterprise.update', {
      id,
      version: rec.version,
      data: { name: `龙门石料厂${id}`, principalPhone: '13900001111、0571-86668888', principal: '欧阳青' },
    })
  }
  await ok(core, 'enterprise.bulkSet', { ids: [20, 21, 22], data: { address: '鑫源路9号 之一' } })
  await ok(core, 'enterprise.remove', { ids: [5, 30, 31, 32, 33] })
  await ok(core, 'enterprise.restore', { ids: [31] })
  await importSheet(Array.from({ length: 600 }, (_, i) => newEnterprise(ROWS + 100 + i, villages)))
  const undone = await importSheet([
    ...Array.from({ length: 520 }, (_, i) => newEnterprise(ROWS + 1000 + i, villages)),
    // (an update of a record by its code: undone, its old values are found again)
    {
      name: '被导入改名的企业',
      creditCode: enterpriseCode(9),
      principal: '钱多多',
      principalPhone: '13711112222',
    },
  ])
  await ok(core, 'excel.undoImport', { batchId: undone })
}, 120_000)
afterAll(() => core.close())

function enterpriseCode(id: number): string {
  return core.ctx.db.prepare('SELECT credit_code FROM enterprises WHERE id = ?').pluck().get(id) as string
}

/** Each record's searchable text, read from the stored row as a clerk would read it. */
function texts(row: Row): string[] {
  const out: string[] = []
  for (const f of enterpriseRepo.spec.fields as readonly FieldSpec[]) {
    if (!f.searchable) continue
    const v = row[f.column as string]
    if (v === null || v === undefined) continue
    if (f.kind === 'ref') {
      out.push(core.ctx.db.prepare(`SELECT name FROM ${f.ref!.table} WHERE id = ?`).pluck().get(v) as string)
      continue
    }
    out.push(String(v))
    if (f.pinyin) out.push(((pinyinKey(String(v)) as string).split(' ') as string[]).slice(1).join(' '))
  }
  return out.map((t) => t.replace(/[A-Z]/g, (c) => c.toLowerCase()))
}

function scan(query: string, deleted: boolean): Set<number> {
  const words = query
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
  const rows = core.ctx.db
    .prepare(`SELECT * FROM enterprises WHERE deleted_at IS ${deleted ? 'NOT ' : ''}NULL`)
    .all() as Row[]
  return new Set(
    rows
      .filter((row) => {
        const t = texts(row)
        return words.every((w) => t.some((x) => x.includes(w)))
      })
      .map((row) => row.id as number),
  )
}

/** Words of 1–4 characters cut from stored values (names, people, phones, pinyin initials and full
 * pinyin, addresses), a few absent ones, and pairs of words. */
function randomQueries(n: number): string[] {
  const rows = core.ctx.db.prepare('SELECT * FROM enterprises ORDER BY random() LIMIT ?').all(n) as Row[]
  return rows.map((row, i) => {
    const sources = texts(row).flatMap((t) => t.split(' '))
    const cut = () => {
      const s = [...pick(sources)]
      const len = 1 + Math.floor(r() * 4)
      const at = Math.floor(r() * Math.max(1, s.length - len + 1))
      return s.slice(at, at + len).join('')
    }
    if (i % 11 === 0) return pick(['蛐', 'zq', '9z', '＃'])
    if (i % 7 === 0) return `${cut()} ${cut()}`
    return cut()
  })
}

describe('search by short words', () => {
  it('finds exactly what a scan of every record finds, in list order, for words of 1–4 characters', async () => {
    const sorts = [
      undefined,
      { field: 'name', order: 'asc' },
      { field: 'name', order: 'desc' },
      { field: 'riskLevel', order: 'desc' },
      { field: 'principal', order: 'asc' },
      { field: 'updatedAt', order: 'desc' },
    ] as const
    const queries = [
      ...[
        '有',
        '公',
        '1',
        '3',
        'y',
        'yx',
        '有限',
        '13',
        'l',
        '利民',
        'lm',
        'lmsl',
        'limin',
        '欧阳',
        '0571',
        '号',
        'e',
      ],
      ...randomQueries(120),
    ]
    let dense = 0
    for (const [i, query] of queries.entries()) {
      const sort = sorts[i % sorts.length]
      const filters = i % 3 === 0 ? { riskLevel: { in: ['high', 'medium'] } } : undefined
      const matching = scan(query, false)
      const order = [...enterpriseRepo.iterate(core.ctx, { sort, filters })].map((x) => x.id)
      const expected = order.filter((id) => matching.has(id))
      if (expected.length > 3000) dense++
      const pageSize = 50
      const last = Math.max(1, Math.ceil(expected.length / pageSize))
      for (const page of new Set([1, 2, Math.ceil(last / 2), last])) {
        const res = await ok<{ rows: Rec[]; total: number }>(core, 'enterprise.list', {
          query,
          sort,
          filters,
          page,
          pageSize,
        })
        expect({ query, sort, filters, page, total: res.total, ids: res.rows.map((x) => x.id) }).toEqual({
          query,
          sort,
          filters,
          page,
          total: expected.length,
          ids: expected.slice((page - 1) * pageSize, page * pageSize),
        })
      }
      // the 回收站 is searched the same way
      if (i % 5 === 0) {
        const res = await ok<{ rows: Rec[]; total: number }>(core, 'enterprise.list', {
          query,
          deleted: true,
          page: 1,
          pageSize: 50,
        })
        expect({ query, ids: res.rows.map((x) => x.id).sort((a, b) => a - b) }).toEqual({
          query,
          ids: [...scan(query, true)].sort((a, b) => a - b),
        })
      }
    }
    // the common words took the walking path, the rare ones the index
    expect(dense).toBeGreaterThan(3)
  }, 120_000)

  it('a database without the index (an older program) gets it at start, holding the same records', async () => {
    const db = core.ctx.db
    const before = (await ok<{ total: number }>(core, 'enterprise.list', { query: '欧阳' })).total
    for (const t of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER enterprises_grams_${t}`)
    db.exec('DROP TABLE enterprises_grams')
    enterpriseRepo.backfill(core.ctx)
    expect(before).toBe(3)
    expect((await ok<{ total: number }>(core, 'enterprise.list', { query: '欧阳' })).total).toBe(3)
    const live = db.prepare('SELECT count(*) FROM enterprises WHERE deleted_at IS NULL').pluck().get()
    expect((await ok<{ total: number }>(core, 'enterprise.list', { query: '有' })).total).toBe(
      scan('有', false).size,
    )
    expect(scan('有', false).size).toBeLessThan(live as number)
  })
})
