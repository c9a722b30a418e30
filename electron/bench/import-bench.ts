import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { createCore } from '../core'
import { excelJs } from '../core/excel/exceljs'
import { exportEnterprises } from '../core/excel/export'
import { commitSession, openSession } from '../core/excel/import'
import { DEFAULT_LIMITS, type GridSheet } from '../core/excel/grid'
import { readBook } from '../core/excel/read'
import { SURNAMES, VILLAGES, WORDS } from './names'
import { creditCodeCheckChar } from '../core/shared/validators'
import { pinyinKey } from '../core/shared/kit/pinyin'

// `npm run bench:import`: a 100,000-row enterprise ledger (title row + two-row header, Chinese
// text), measured against floors in the same run. Each phase runs in its own process so its
// peak RSS is its own. Prints times (wall and CPU), peak RSS, where the import's time went, and
// the ratios; BENCH_ROWS sets the number of rows. On a shared machine the CPU ratios are the
// steadier ones (wall time counts the waits for the other processes' turns and disk).
//
// Two import floors, both printed with their ratios:
// - the bare floor: read the file with the import's own reader and insert the same cells with one
//   prepared statement in one transaction into a table without indexes. It stores rows that no
//   query of the application can use (no sort keys, no indexes, no search index), so no correct
//   importer reaches it: everything the import does beyond it — mapping, the kinds' clean-up,
//   validation, identity, pinyin keys, backup, indexes, search index, batch items for undo, audit —
//   is in this ratio.
// - the storage floor: the least work that leaves the rows in the ledger as the application needs
//   them. The same reader; the application's own database (createCore: its schema, WAL,
//   synchronous FULL, foreign keys); each row's cells as they are into the enterprise table's
//   columns by one prepared INSERT, with what the table cannot do without: the village and
//   industry ids (names to ids through a Map, each new name created once) and the name's pinyin
//   sort key (the list's indexes sort by it; computed by the application's own function). Loaded
//   the cheapest way: the secondary indexes dropped and built once after the rows, the search
//   index filled by one INSERT … SELECT from its insert trigger's statement instead of per row —
//   all in one transaction. It does no mapping, clean-up, validation, identity, backup, batch
//   items or audit: that is what its ratio measures.
// The export floor is a bare streaming write of the same rows with the same writer.
//
// Phases that use the application's database are timed from the moment it is open: opening is
// start-up, not import or export (at 100,000 rows the quick_check of every open costs about 1.5 s
// of CPU, which an export click does not pay). The time to open is printed in the phase's detail.

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const INDUSTRIES = [
  '机械制造',
  '金属制品',
  '纺织服装',
  '木材家具',
  '食品加工',
  '塑料制品',
  '建材',
  '批发零售',
]

function header(): string[][] {
  return [
    [
      '序号',
      '企业名称',
      '统一社会信用代码',
      '所属村（社区）',
      '企业地址',
      '行业类别',
      '法定代表人',
      '联系方式',
      '',
      '从业人数',
      '成立日期',
      '企业类别',
      '',
      '备注',
    ],
    [
      '序号',
      '企业名称',
      '统一社会信用代码',
      '所属村（社区）',
      '企业地址',
      '行业类别',
      '法定代表人',
      '手机',
      '固定电话',
      '从业人数',
      '成立日期',
      '危化品',
      '粉尘涉爆',
      '备注',
    ],
  ]
}

function row(i: number): (string | number | Date | null)[] {
  const pick = (s: string, k: number) => s[(i * 7 + k * 13) % s.length] as string
  const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let body = '91329999'
  let x = i + 1
  for (let k = 0; k < 9; k++) {
    body += cs[x % 31]
    x = Math.floor(x / 31) + k * 7
  }
  const code = body + creditCodeCheckChar(body)
  const name = `${pick(WORDS, 1)}${pick(WORDS, 2)}${pick(WORDS, 3)}${pick(WORDS, 4)}${INDUSTRIES[i % INDUSTRIES.length]}有限公司${i}`
  return [
    i + 1,
    name,
    code,
    VILLAGES[i % VILLAGES.length] as string,
    `青禾镇${VILLAGES[i % VILLAGES.length]}兴业路${(i % 300) + 1}号`,
    INDUSTRIES[i % INDUSTRIES.length] as string,
    `${pick(SURNAMES, 5)}${pick(WORDS, 6)}${pick(WORDS, 7)}`,
    13000000000 + ((i * 7919) % 999999999),
    `0599-${5000000 + (i % 4999999)}`,
    10 + (i % 400),
    new Date(Date.UTC(1995 + (i % 30), i % 12, 1 + (i % 28))),
    i % 5 === 0 ? '√' : null,
    i % 7 === 0 ? '√' : null,
    i % 11 === 0 ? '租赁厂房' : null,
  ]
}

async function generate(file: string): Promise<void> {
  const ExcelJS = excelJs()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  })
  const ws = wb.addWorksheet('企业台账')
  const top = [ws.addRow([`青禾镇企业安全生产台账（${ROWS}家）`]), ...header().map((h) => ws.addRow(h))]
  ws.mergeCells('A1:N1')
  for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'J', 'K', 'N']) ws.mergeCells(`${c}2:${c}3`)
  ws.mergeCells('H2:I2')
  ws.mergeCells('L2:M2')
  for (const r of top) r.commit()
  for (let i = 0; i < ROWS; i++) {
    const r = ws.addRow(row(i))
    r.getCell(11).numFmt = 'yyyy-mm-dd'
    r.commit()
  }
  ws.commit()
  await wb.commit()
}

const READ_LIMITS = {
  ...DEFAULT_LIMITS,
  maxFileBytes: 200 * 1024 * 1024,
  maxRows: 200_000,
  maxCols: 200,
  maxMerges: 20_000,
  maxInflatedBytes: 2 * 1024 ** 3,
  maxRatio: 200,
}

/**
 * Floor: the least real work an import of this file can do. The file is read with the same
 * reader the import uses (so reading costs the same on both sides and the ratio is the import's
 * own work), then the same cells of every data row are inserted as they are, with one prepared
 * statement in one transaction, into a table without indexes — the same journal and sync settings
 * as the application's database.
 */
async function floorImport(file: string, dbFile: string): Promise<void> {
  const book = await readBook(fs.readFileSync(file), path.basename(file), READ_LIMITS)
  const rows = (book.sheets[0] as GridSheet).rows.slice(3)
  const db = new Database(dbFile)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE t(a,b,c,d,e,f,g,h,i,j,k,l,m,n)')
  const ins = db.prepare('INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)')
  db.transaction(() => {
    for (const r of rows) {
      const v = Array.from({ length: 14 }, (_, k) => {
        const x = r[k]
        return x instanceof Date ? x.toISOString() : (x ?? null)
      })
      ins.run(...v)
    }
  })()
  db.close()
}

/**
 * Storage floor (see the header): the rows in the application's enterprise table with its
 * indexes and search index, loaded the cheapest way, nothing else.
 */
async function storageFloor(file: string, dataDir: string): Promise<void> {
  const core = await openCore(dataDir)
  const book = await readBook(fs.readFileSync(file), path.basename(file), READ_LIMITS)
  const rows = (book.sheets[0] as GridSheet).rows.slice(3)
  const db = core.ctx.db
  const now = new Date().toISOString()
  db.transaction(() => {
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprises'")
      .all() as { name: string; sql: string }[]
    // Each search index an insert trigger keeps (FTS5 tables), filled by one statement with
    // merging held off until the end, as the importer does.
    const fills = triggers.flatMap((t) => {
      const m =
        /AFTER\s+INSERT[\s\S]*INSERT INTO (\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([\s\S]*)\);\s*END;?\s*$/i.exec(
          t.sql,
        )
      return m
        ? [{ table: m[1] as string, sql: `INSERT INTO ${m[1]}(${m[2]}) SELECT ${m[3]} FROM enterprises new` }]
        : []
    })
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
      )
      .all() as { name: string; sql: string }[]
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`)
    for (const i of indexes) db.exec(`DROP INDEX ${i.name}`)
    const ids = (table: string) => {
      const known = new Map(db.prepare(`SELECT name, id FROM ${table}`).raw().all() as [string, number][])
      const add = db.prepare(`INSERT INTO ${table}(name, created_at) VALUES (?, ?)`)
      return (name: string) => {
        let id = known.get(name)
        if (id === undefined) known.set(name, (id = Number(add.run(name, now).lastInsertRowid)))
        return id
      }
    }
    const village = ids('villages')
    const industry = ids('industries')
    const ins = db.prepare(
      `INSERT INTO enterprises(name, name_py, credit_code, village_id, address, industry_id, legal_representative,
         principal_phone, contact_phone, employees, established_date, flag_hazchem, flag_dust, notes, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    for (const r of rows) {
      const name = r[1] as string
      const d = r[10]
      ins.run(
        name,
        pinyinKey(name),
        r[2],
        village(r[3] as string),
        r[4],
        industry(r[5] as string),
        r[6],
        String(r[7]),
        r[8],
        r[9],
        d instanceof Date ? d.toISOString().slice(0, 10) : null,
        r[11] ? 1 : 0,
        r[12] ? 1 : 0,
        r[13] ?? null,
        now,
        now,
      )
    }
    for (const f of fills) {
      db.exec(`INSERT INTO ${f.table}(${f.table}, rank) VALUES ('automerge', 0)`)
      db.exec(`INSERT INTO ${f.table}(${f.table}, rank) VALUES ('crisismerge', 64)`)
      db.exec(f.sql)
      db.exec(`INSERT INTO ${f.table}(${f.table}, rank) VALUES ('automerge', 4)`)
      db.exec(`INSERT INTO ${f.table}(${f.table}, rank) VALUES ('crisismerge', 16)`)
    }
    for (const i of indexes) db.exec(i.sql)
    for (const t of triggers) db.exec(t.sql)
  }).immediate()
  if ((db.prepare('SELECT count(*) FROM enterprises').pluck().get() as number) !== ROWS)
    throw new Error('storage floor: rows missing')
  detail = `(open ${opened})`
  core.close()
}

/** A point in wall and CPU time, for the phases' breakdown. */
function mark(): { wall: number; cpu: number } {
  const c = process.cpuUsage()
  return { wall: performance.now(), cpu: (c.user + c.system) / 1000 }
}

function span(a: { wall: number; cpu: number }, b: { wall: number; cpu: number }): string {
  return `${(b.wall - a.wall).toFixed(0)} ms (CPU ${(b.cpu - a.cpu).toFixed(0)} ms)`
}

/** Where a phase's time went (printed under its line). */
let detail: string | undefined

/** When the phase's measured work began: after opening the database (see the header). */
let started: { wall: number; cpu: number } | undefined
let opened = ''

async function openCore(dataDir: string): ReturnType<typeof createCore> {
  const t = mark()
  const core = await createCore({ dataDir })
  started = mark()
  opened = span(t, started)
  return core
}

async function fullImport(file: string, dataDir: string): Promise<void> {
  const core = await openCore(dataDir)
  const t0 = mark()
  const book = await readBook(fs.readFileSync(file), path.basename(file), READ_LIMITS)
  const t1 = mark()
  const s = openSession(core.ctx, book, path.basename(file))
  const t2 = mark()
  const r = await commitSession(core.ctx, s, 'valid-only')
  const t3 = mark()
  detail = `(open ${opened}) read ${span(t0, t1)}, header+map+normalise+validate ${span(t1, t2)}, commit (backup, insert, indexes, FTS, batch items, audit) ${span(t2, t3)}`
  if (r.inserted !== ROWS)
    throw new Error(
      `expected ${ROWS} inserted, got ${r.inserted} (errors: ${JSON.stringify(r.errors.slice(0, 3))})`,
    )
  core.close()
}

async function floorExport(file: string): Promise<void> {
  const ExcelJS = excelJs()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: true,
  })
  const ws = wb.addWorksheet('企业台账')
  for (let i = 0; i < ROWS; i++) ws.addRow(row(i)).commit()
  ws.commit()
  await wb.commit()
}

async function fullExport(dataDir: string, file: string): Promise<void> {
  const core = await openCore(dataDir)
  const out = fs.createWriteStream(file)
  const done = new Promise<void>((res) => out.on('finish', () => res()))
  const r = await exportEnterprises(core.ctx, out, {})
  await done
  if (r.rows !== ROWS) throw new Error(`exported ${r.rows}`)
  detail = `(open ${opened})`
  core.close()
}

interface PhaseResult {
  seconds: number
  /** CPU seconds (user + system): steadier than wall time when other work shares the machine. */
  cpu: number
  rssMb: number
  detail?: string
}

function runPhase(phase: string, args: string[]): PhaseResult {
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=4096', __filename, 'phase', phase, ...args],
    { encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').at(-1) as string) as PhaseResult
}

async function main(): Promise<void> {
  const [mode, phase, ...args] = process.argv.slice(2)
  if (mode === 'phase') {
    const t0 = mark()
    if (phase === 'floor-import') await floorImport(args[0] as string, args[1] as string)
    else if (phase === 'storage-floor') await storageFloor(args[0] as string, args[1] as string)
    else if (phase === 'import') await fullImport(args[0] as string, args[1] as string)
    else if (phase === 'floor-export') await floorExport(args[0] as string)
    else if (phase === 'export') await fullExport(args[0] as string, args[1] as string)
    const from = started ?? t0
    const end = mark()
    const seconds = (end.wall - from.wall) / 1000
    const cpu = (end.cpu - from.cpu) / 1000
    console.log(JSON.stringify({ seconds, cpu, rssMb: process.resourceUsage().maxRSS / 1024, detail }))
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'))
  const file = path.join(dir, 'enterprises-100k.xlsx')
  console.log(`generating ${ROWS} rows…`)
  await generate(file)
  console.log(`file: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`)
  const fmt = (r: PhaseResult) =>
    `${r.seconds.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s), peak RSS ${r.rssMb.toFixed(0)} MB${r.detail ? `\n         ${r.detail}` : ''}`
  const fi = runPhase('floor-import', [file, path.join(dir, 'floor.sqlite')])
  console.log(
    `floor  (the same reader as the import, then the same cells of each row by one prepared INSERT in one transaction, no indexes): ${fmt(fi)}`,
  )
  const sf = runPhase('storage-floor', [file, path.join(dir, 'storage-floor')])
  console.log(
    `storage floor (the same reader, then the rows into the application's enterprise table — ids of villages and industries, pinyin sort key — with its indexes built once after the rows and its search index filled in one statement, one transaction): ${fmt(sf)}`,
  )
  const im = runPhase('import', [file, path.join(dir, 'data')])
  console.log(
    `import (read, header, map, normalise, validate, identity, backup, upsert, indexes, FTS, batch items, audit): ${fmt(im)}`,
  )
  const fe = runPhase('floor-export', [path.join(dir, 'floor-export.xlsx')])
  console.log(`floor  (bare exceljs streaming write): ${fmt(fe)}`)
  const ex = runPhase('export', [path.join(dir, 'data'), path.join(dir, 'export.xlsx')])
  console.log(`export (query, format, styles, print setup): ${fmt(ex)}`)
  console.log(`import/floor CPU ratio: ${(im.cpu / fi.cpu).toFixed(2)} (bare floor)`)
  console.log(`import/storage floor CPU ratio: ${(im.cpu / sf.cpu).toFixed(2)}`)
  console.log(`export/floor CPU ratio: ${(ex.cpu / fe.cpu).toFixed(2)}`)
  console.log(`import/floor ratio: ${(im.seconds / fi.seconds).toFixed(2)} (bare floor)`)
  console.log(`import/storage floor ratio: ${(im.seconds / sf.seconds).toFixed(2)}`)
  console.log(`export/floor ratio: ${(ex.seconds / fe.seconds).toFixed(2)}`)
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`)
  else fs.rmSync(dir, { recursive: true, force: true })
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
