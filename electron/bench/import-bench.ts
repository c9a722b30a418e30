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

// `npm run bench:import`: a 100,000-row enterprise ledger (title row + two-row header, Chinese
// text), measured against a floor in the same run. Each phase runs in its own process so its
// peak RSS is its own. Prints times (wall and CPU), peak RSS, where the import's time went, and
// the ratios; BENCH_ROWS sets the number of rows.
//
// The import floor is the least real work: read the file with the import's own reader and insert
// the same cells with one prepared statement in one transaction (no indexes, no FTS). Everything
// else the import does — mapping, the kinds' clean-up, validation, identity, pinyin keys, backup,
// indexes, FTS, batch items for undo, audit — is what the ratio measures. The export floor is a
// bare streaming write of the same rows with the same writer.

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

/** Where a phase's time went (printed under its line). */
let detail: string | undefined

async function fullImport(file: string, dataDir: string): Promise<void> {
  const core = await createCore({ dataDir })
  const t0 = Date.now()
  const book = await readBook(fs.readFileSync(file), path.basename(file), READ_LIMITS)
  const t1 = Date.now()
  const s = openSession(core.ctx, book, path.basename(file))
  const t2 = Date.now()
  const r = await commitSession(core.ctx, s, 'valid-only')
  detail = `read ${t1 - t0} ms, header+map+normalise+validate ${t2 - t1} ms, commit (backup, insert, indexes, FTS, batch items, audit) ${Date.now() - t2} ms`
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
  const core = await createCore({ dataDir })
  const out = fs.createWriteStream(file)
  const done = new Promise<void>((res) => out.on('finish', () => res()))
  const r = await exportEnterprises(core.ctx, out, {})
  await done
  if (r.rows !== ROWS) throw new Error(`exported ${r.rows}`)
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
    const t0 = process.hrtime.bigint()
    const c0 = process.cpuUsage()
    if (phase === 'floor-import') await floorImport(args[0] as string, args[1] as string)
    else if (phase === 'import') await fullImport(args[0] as string, args[1] as string)
    else if (phase === 'floor-export') await floorExport(args[0] as string)
    else if (phase === 'export') await fullExport(args[0] as string, args[1] as string)
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    const c = process.cpuUsage(c0)
    const cpu = (c.user + c.system) / 1e6
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
  const im = runPhase('import', [file, path.join(dir, 'data')])
  console.log(
    `import (read, header, map, normalise, validate, identity, backup, upsert, indexes, FTS, batch items, audit): ${fmt(im)}`,
  )
  const fe = runPhase('floor-export', [path.join(dir, 'floor-export.xlsx')])
  console.log(`floor  (bare exceljs streaming write): ${fmt(fe)}`)
  const ex = runPhase('export', [path.join(dir, 'data'), path.join(dir, 'export.xlsx')])
  console.log(`export (query, format, styles, print setup): ${fmt(ex)}`)
  console.log(`import/floor CPU ratio: ${(im.cpu / fi.cpu).toFixed(2)}`)
  console.log(`export/floor CPU ratio: ${(ex.cpu / fe.cpu).toFixed(2)}`)
  console.log(`import/floor ratio: ${(im.seconds / fi.seconds).toFixed(2)}`)
  console.log(`export/floor ratio: ${(ex.seconds / fe.seconds).toFixed(2)}`)
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`)
  else fs.rmSync(dir, { recursive: true, force: true })
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
