import Database from 'better-sqlite3'
import type { MajorHazardEntry } from '../core/chemicals/handlers'
import { formatNumber } from '../core/shared/chemicals/gb18218'
import { chemLicenceSpec } from '../core/shared/specs/chemical'
import { LEDGER_REPOS } from '../core/ledgers'
import { displayValue } from '../core/shared/kit/form'
import type { FieldSpec } from '../core/shared/kit/spec'
import {
  HAZARD_GRADES,
  HAZARD_STATUSES,
  type HazardGrade,
  type HazardStatus,
} from '../core/shared/inspection-fields'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCore, DB_FILE_NAME, type Core } from '../core'
import {
  exportFromFlags,
  IMPORTABLE,
  LEDGERS,
  type LedgerName,
  type previewDto,
} from '../core/excel/handlers'
import type { JobView } from '../core/excel/jobs'
import { IMPORTERS } from '../core/excel/import'
import { IGNORE_FIELD } from '../core/excel/ledgers/types'
import type { ImportLedger } from '../core/excel/ledgers/plugin'
import { fromSystemError } from '../core/errors'
import { defaultDataDir } from '../core/paths'
import { startBrowserServer } from '../server'
import { listDocuments, printDocument } from './documents'
import { BACKUP_HELP, runBackupCommand } from './backup-commands'
import { STATS_HELP, runPlanExport, runStatsCommand } from './stats-commands'
import { cliOperator } from './operator'
import { AUDIT_HELP, runAuditCommand } from './audit-commands'
import { DUTY_HELP, runDutyList } from './duty-commands'

// The same core from a terminal. Every command accepts --data-dir.

export interface Io {
  out: (line: string) => void
  err: (line: string) => void
}

export interface ParsedArgs {
  positionals: string[]
  flags: Record<string, string | true>
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1)
      else if (
        i + 1 < argv.length &&
        !(argv[i + 1] as string).startsWith('--') &&
        !BOOLEAN_FLAGS.has(a.slice(2))
      )
        flags[a.slice(2)] = argv[++i] as string
      else flags[a.slice(2)] = true
    } else positionals.push(a)
  }
  return { positionals, flags }
}

const BOOLEAN_FLAGS = new Set(['json', 'deleted', 'help', 'dry-run', 'kg'])

export const HELP = `乡镇安全生产台账 命令行工具

用法: safety-ledger <命令> [选项]

命令:
  serve [--port 端口] [--host 127.0.0.1]   启动浏览器模式（仅本机访问，地址含访问令牌）
  demo                                      向空数据库载入示例数据（虚构的青禾镇）
  list <台账> [--json] [--query 关键字] [--deleted] [--preset overdue,dueSoon,reviewDue]
                                            列出记录（--deleted 列出回收站；--preset 隐患按逾期未改、
                                            7日内到期、应复查等筛选，与工作台的数字一致）
  import <台账> <文件> [--dry-run] [--json] [--sheet 工作表|all] [--policy valid-only|all-or-nothing]
         [--default "所属村=东湖村,行业=纺织"] [--village 东湖村]
                                            导入 .xlsx/.xls/.csv；--dry-run 只检查，不写入任何文件；
                                            --default 为表中没有的列给所有行同一个值；
                                            --sheet all 导入所有看起来是同一台账的工作表
  export <台账> <文件.xlsx> [--query 关键字]  导出为可打印的 Excel 台账
  check                                     检查数据库完整性
${DUTY_HELP}${BACKUP_HELP}${STATS_HELP}${AUDIT_HELP}  documents [--json]                        列出已出具的文书（编号、种类、企业、日期、是否作废）
  print <文书编号> --pdf <文件.pdf>         用 Chromium 把文书打印为 PDF（A4），并存档到数据目录
                                            （CHROMIUM_PATH 指定浏览器，默认 /usr/bin/chromium）

  major-hazards [--json]                    危险化学品重大危险源辨识（GB 18218-2018）：每个单元的 S、R、级别和计算项

台账: enterprises（企业台账）、hazards（隐患整改台账）、chemicals（危化品台账）、fireworks（烟花爆竹零售经营户）、
      duty（值班表，见上）、inspections（检查台账，只能导出）
  help                                      显示本帮助

通用选项:
  --data-dir 目录                           数据目录（默认与桌面程序相同: ${defaultDataDir()}）
  --operator 姓名                           操作日志中记为“命令行（姓名）”（默认“命令行”）
`

function flagString(a: ParsedArgs, name: string): string | undefined {
  const v = a.flags[name]
  return typeof v === 'string' ? v : undefined
}

let workerFile: string | undefined

async function withCore<T>(a: ParsedArgs, fn: (core: Core) => Promise<T>): Promise<T> {
  const dataDir = flagString(a, 'data-dir') ?? defaultDataDir()
  const core = await createCore({ dataDir, excelWorkerFile: workerFile, operator: cliOperator(a) })
  try {
    return await fn(core)
  } finally {
    core.close()
  }
}

async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.dispatch(name, input)
  if (!r.ok) throw new CliError(r.error.message)
  return r.data as T
}

export class CliError extends Error {}

/** Returns the process exit code. */
export async function runCli(
  argv: string[],
  io: Io,
  opts: { staticDir: string; workerFile?: string },
): Promise<number> {
  workerFile = opts.workerFile && fs.existsSync(opts.workerFile) ? opts.workerFile : undefined
  const a = parseArgs(argv)
  const [cmd, ...rest] = a.positionals
  try {
    switch (cmd) {
      case undefined:
      case 'help':
        io.out(HELP)
        return 0
      case 'serve':
        return await serve(a, io, opts.staticDir)
      case 'demo':
        return await withCore(a, async (core) => {
          const r = await call<{ villages: number; enterprises: number }>(core, 'demo.load', {})
          io.out(
            `已载入示例数据：${r.villages} 个村（社区），${r.enterprises} 家企业，本月值班表和值班日志。`,
          )
          return 0
        })
      case 'major-hazards':
        return majorHazardsCommand(a, io)
      case 'list':
        return await list(a, rest[0], io)
      case 'documents':
        return await listDocuments(a, io)
      case 'print':
        return await printDocument(a, rest[0], io, { staticDir: opts.staticDir })
      case 'import':
        return await importFile(a, rest[0], rest[1], io)
      case 'export':
        // `export stats <file.xlsx>`: the statistics table, as the issue names it
        if (rest[0] === 'stats') {
          if (!rest[1]) {
            io.err('请给出要保存的文件，如 export stats 统计.xlsx --year 2026')
            return 2
          }
          return await withCore(a, (core) =>
            runStatsCommand('stats', a, rest.slice(1, 2), io, (name, input) => call(core, name, input)),
          )
        }
        if (rest[0] === 'plan')
          return await withCore(a, (core) =>
            runPlanExport(a, rest[1], io, (name, input) => call(core, name, input)),
          )
        return await exportFile(a, rest[0], rest[1], io)
      case 'backup':
      case 'backups':
      case 'restore':
        return await runBackupCommand(cmd, a, rest, io)
      case 'stats':
      case 'summary':
        return await withCore(a, (core) =>
          runStatsCommand(cmd, a, rest, io, (name, input) => call(core, name, input)),
        )
      case 'audit':
        return await withCore(a, (core) => runAuditCommand(a, io, (name, input) => call(core, name, input)))
      case 'check':
        return await withCore(a, async (core) => {
          const r = await call<{ ok: boolean; problems: string[] }>(core, 'system.check', {})
          if (r.ok) io.out('数据库完整性检查通过。')
          else {
            io.err('数据库完整性检查发现问题：')
            r.problems.forEach((p) => io.err(`  ${p}`))
          }
          return r.ok ? 0 : 1
        })
      default:
        io.err(`未知命令“${cmd}”。运行 safety-ledger help 查看可用命令。`)
        return 2
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message)
      return 1
    }
    const known = fromSystemError(err)
    if (known) {
      // scripts that asked for --json read the reason on stdout too
      if (a.flags.json === true) io.out(JSON.stringify({ error: known.message }))
      io.err(known.message)
      return 1
    }
    throw err
  }
}

/** Returns an exit code when the ledger cannot be used, otherwise null. */
function checkLedger(ledger: string | undefined, io: Io, others: readonly string[] = []): number | null {
  if (!ledger || !(ledger in LEDGERS)) {
    io.err(`请指定台账：${[...Object.keys(LEDGERS), ...others].join('、')}`)
    return 2
  }
  const l = LEDGERS[ledger as keyof typeof LEDGERS]
  if (!l.built) {
    io.err(`${l.label}（${ledger}）尚未启用。`)
    return 2
  }
  return null
}

/** `--default "所属村=东湖村,行业=纺织"` (and `--village 东湖村`) → field key → text. */
export function parseDefaults(
  a: ParsedArgs,
  fields: { key: string; label: string; synonyms: string[] }[],
): { defaults: Record<string, string>; unknown: string[] } {
  const norm = (t: string) => t.replace(/[\s()（）]/g, '').toLowerCase()
  const defaults: Record<string, string> = {}
  const unknown: string[] = []
  const pairs = (flagString(a, 'default') ?? '').split(/[,，;；\n]+/).filter((x) => x.trim() !== '')
  const village = flagString(a, 'village')
  if (village) pairs.push(`所属村=${village}`)
  for (const pair of pairs) {
    const eq = pair.search(/[=＝:：]/)
    const name = eq > 0 ? pair.slice(0, eq).trim() : ''
    const value = eq > 0 ? pair.slice(eq + 1).trim() : ''
    const f = fields.find(
      (x) =>
        x.key === name ||
        norm(x.label) === norm(name) ||
        x.synonyms.some((syn) => norm(syn) === norm(name)) ||
        (norm(name).length >= 2 && norm(x.label).startsWith(norm(name))),
    )
    if (!f || !value) unknown.push(pair)
    else defaults[f.key] = value
  }
  return { defaults, unknown }
}

/** Where a dry run reads the database: a private copy, so nothing in the data folder changes. */
async function dryRunCore(a: ParsedArgs): Promise<{ core: Core; cleanup: () => void }> {
  const dataDir = path.resolve(flagString(a, 'data-dir') ?? defaultDataDir())
  const file = path.join(dataDir, DB_FILE_NAME)
  if (!fs.existsSync(file)) {
    const core = await createCore({ dbFile: ':memory:', excelWorkerFile: workerFile })
    return { core, cleanup: () => core.close() }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-dry-run-'))
  const copy = path.join(tmp, DB_FILE_NAME)
  const src = new Database(file, { readonly: true, fileMustExist: true })
  try {
    await src.backup(copy)
  } finally {
    src.close()
  }
  const core = await createCore({ dbFile: copy, excelWorkerFile: workerFile })
  return {
    core,
    cleanup: () => {
      core.close()
      fs.rmSync(tmp, { recursive: true, force: true })
    },
  }
}

interface ImportReport {
  ledger: string
  file: string
  dryRun: boolean
  sheet: string | null
  sheets: { name: string; used: boolean; reason: string }[]
  /** A sheet read in the ledger's own layout (值班表: 排班表 or 每天一行), else null. */
  layout: string | null
  headerRows: number[]
  firstDataRow: number | null
  lastDataRow: number | null
  mapping: {
    column: string
    header: string
    field: string | null
    fieldLabel: string | null
    confidence: number
    needsConfirmation: boolean
  }[]
  defaults: Record<string, string>
  inserted: number
  updated: number
  unchanged: number
  duplicates: number
  skipped: { sheet: string; row: number; reason: string }[]
  notices: string[]
  /** Names close to an enterprise in the roster, and whether rows went to it (the default). */
  nearMatches: {
    sheet: string
    name: string
    existing: string
    village: string
    rows: number[]
    useExisting: boolean
  }[]
  warnings: { sheet: string; row: number; column: string | null; message: string }[]
  errors: { sheet: string | null; row: number | null; column: string | null; message: string }[]
  /** Why the file was not imported at all. */
  error?: string
}

function emptyReport(ledger: string, file: string, dryRun: boolean): ImportReport {
  return {
    ledger,
    file,
    dryRun,
    sheet: null,
    sheets: [],
    layout: null,
    headerRows: [],
    firstDataRow: null,
    lastDataRow: null,
    mapping: [],
    defaults: {},
    inserted: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    skipped: [],
    notices: [],
    nearMatches: [],
    warnings: [],
    errors: [],
  }
}

async function importFile(
  a: ParsedArgs,
  ledger: string | undefined,
  file: string | undefined,
  io: Io,
): Promise<number> {
  const json = a.flags.json === true
  const dryRun = a.flags['dry-run'] === true
  const report = emptyReport(ledger ?? '', file ?? '', dryRun)
  // With --json every outcome, refusals included, is one JSON object on stdout.
  const refuse = (message: string, code: number): number => {
    if (json)
      io.out(
        JSON.stringify(
          { ...report, error: message, errors: [{ sheet: null, row: null, column: null, message }] },
          null,
          2,
        ),
      )
    io.err(message)
    return code
  }
  if (!ledger || !(ledger in LEDGERS)) return refuse(`请指定台账：${Object.keys(LEDGERS).join('、')}`, 2)
  const l = LEDGERS[ledger as LedgerName]
  if (!l.built) return refuse(`${l.label}（${ledger}）尚未启用。`, 2)
  if (!IMPORTABLE.has(ledger as LedgerName))
    return refuse(`${l.label}在程序中登记，只能导出，不能从 Excel 导入。`, 2)
  if (!file) return refuse('请指定要导入的文件，如：safety-ledger import enterprises 企业台账.xlsx', 2)
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return refuse(`无法读取文件“${file}”，请检查路径`, 1)
  }
  const importLedger = ledger as ImportLedger
  const fields = IMPORTERS[importLedger].fields
  const { defaults, unknown } = parseDefaults(a, fields)
  if (unknown.length)
    return refuse(
      `无法识别 --default 的“${unknown.join('、')}”，请写作 --default "所属村=东湖村"（项目名=值，多个用逗号分隔）`,
      2,
    )
  const policy = flagString(a, 'policy') === 'all-or-nothing' ? 'all-or-nothing' : 'valid-only'
  let opened: { core: Core; cleanup: () => void }
  try {
    opened = dryRun
      ? await dryRunCore(a)
      : await createCore({
          dataDir: flagString(a, 'data-dir') ?? defaultDataDir(),
          excelWorkerFile: workerFile,
          operator: cliOperator(a),
        }).then((core) => ({ core, cleanup: () => core.close() }))
  } catch (err) {
    const known = fromSystemError(err)
    if (known) return refuse(known.message, 1)
    throw err
  }
  const { core, cleanup } = opened
  try {
    const labelOf = new Map(fields.map((f) => [f.key, f.label]))
    try {
      // The same handlers as the screen: read and plan (a job), one value for all rows, commit (a job).
      const base64 = bytes.toString('base64')
      const fileName = path.basename(file)
      const open = async (sheet: string | undefined): Promise<Preview> => {
        const p = await runJob<Preview>(core, 'excel.startPreview', { ledger, fileName, base64, sheet })
        return Object.keys(defaults).length
          ? call<Preview>(core, 'excel.updateImport', { importId: p.importId, defaults })
          : p
      }
      const sheetFlag = flagString(a, 'sheet')
      // --sheet all (全部): every sheet that looks like this ledger, one batch each.
      const all = sheetFlag === 'all' || sheetFlag === '全部'
      const first = await open(all ? undefined : sheetFlag)
      const more: Preview[] = []
      if (all)
        for (const u of first.sheetUse.filter((x) => !x.used && x.reason.startsWith('也像')))
          more.push(await open(u.name))
      Object.assign(report, {
        sheet: first.sheet,
        sheets: first.sheetUse.map((u) =>
          more.some((m) => m.sheet === u.name) ? { ...u, used: true, reason: '已导入' } : u,
        ),
        layout: first.layout,
        headerRows: first.headerRows,
        firstDataRow: first.firstDataRow,
        lastDataRow: first.lastDataRow,
        mapping: first.columns.map((c) => ({
          column: c.letter,
          header: c.header,
          field: c.field,
          fieldLabel:
            c.field && c.field !== IGNORE_FIELD
              ? (labelOf.get(c.field) ?? null)
              : c.field
                ? '序号（不导入）'
                : null,
          confidence: c.field === c.suggested ? c.confidence : 1,
          needsConfirmation: c.needsConfirmation,
        })),
        defaults: first.defaults,
      })
      for (const p of [first, ...more]) {
        report.unchanged += p.summary.unchanged
        report.duplicates += p.summary.duplicates
        const problems = await problemRows(core, p.importId)
        const skipped = [
          ...p.skippedRows,
          ...problems
            .filter((r) => r.status === 'duplicate')
            .map((r) => ({
              sheet: p.sheet,
              row: r.row,
              reason: r.issues.at(-1)?.message ?? '与表中另一行是同一条记录',
            })),
        ].sort((x, y) => x.row - y.row)
        report.skipped.push(...skipped)
        const notices = [...p.notices]
        if (p.summary.skippedRows > p.skippedRows.length)
          notices.push(
            `另有 ${p.summary.skippedRows - p.skippedRows.length} 行空行或表头行被跳过，未逐行列出`,
          )
        report.notices.push(...notices.map((n) => (more.length ? `工作表“${p.sheet}”：${n}` : n)))
        report.nearMatches.push(
          ...p.nearMatches.map((m) => ({
            sheet: p.sheet,
            name: m.name,
            existing: m.existingName,
            village: m.village,
            rows: m.rows,
            useExisting: m.useExisting,
          })),
        )
        for (const r of problems) {
          const at = (i: { column: string | null; message: string }) => ({
            sheet: p.sheet,
            row: r.row,
            column: i.column,
            message: i.message,
          })
          if (r.status === 'error') report.errors.push(...r.issues.map(at))
          else report.warnings.push(...r.warnings.map(at))
        }
        // (warnings on cells that hold no record: a mark the 排班表 does not know)
        report.warnings.push(
          ...p.sheetWarnings.map((w) => ({
            sheet: w.sheet,
            row: w.row,
            column: w.column,
            message: w.message,
          })),
        )
        if (dryRun) {
          report.inserted += p.summary.inserted
          report.updated += p.summary.updated
        } else {
          const r = await runJob<{ inserted: number; updated: number }>(core, 'excel.commitImport', {
            importId: p.importId,
            policy,
          })
          report.inserted += r.inserted
          report.updated += r.updated
        }
      }
    } catch (err) {
      // a file that is not a ledger, a full disk, another writer …: the reason, also on stdout for --json
      if (err instanceof CliError) return refuse(err.message, 1)
      const known = fromSystemError(err)
      if (known) return refuse(known.message, 1)
      // Anything else is still one JSON object for scripts; the exit code says it failed.
      if (json)
        return refuse(`导入时发生程序内部错误：${err instanceof Error ? err.message : String(err)}`, 1)
      throw err
    }
    if (json) io.out(JSON.stringify(report, null, 2))
    else printReport(report, io)
    return 0
  } finally {
    cleanup()
  }
}

type Preview = ReturnType<typeof previewDto>

interface ProblemRow {
  row: number
  status: 'insert' | 'update' | 'unchanged' | 'duplicate' | 'error'
  issues: { field: string | null; column: string | null; message: string }[]
  warnings: { field: string | null; column: string | null; message: string }[]
}

/** Every row the preview marks (errors, duplicates, rows with a warning), page by page. */
async function problemRows(core: Core, importId: string): Promise<ProblemRow[]> {
  const out: ProblemRow[] = []
  for (let page = 1; ; page++) {
    const r = await call<{ total: number; rows: ProblemRow[] }>(core, 'excel.previewRows', {
      importId,
      page,
      pageSize: 200,
      onlyErrors: true,
    })
    out.push(...r.rows)
    if (out.length >= r.total || r.rows.length === 0) return out
  }
}

/** Starts a job handler (reading, committing, exporting) and waits for its result. */
async function runJob<T>(core: Core, name: string, input: unknown): Promise<T> {
  const { jobId } = await call<{ jobId: string }>(core, name, input)
  for (;;) {
    const j = await call<JobView>(core, 'job.get', { jobId })
    if (j.state === 'done') return j.result as T
    if (j.state === 'failed') throw new CliError(j.error?.message ?? '操作未完成')
    if (j.state === 'cancelled') throw new CliError('操作已取消')
    await new Promise((res) => setTimeout(res, 5))
  }
}

function printReport(r: ImportReport, io: Io): void {
  const errorRows = new Set(r.errors.map((e) => e.row)).size
  io.out(
    `${r.dryRun ? '检查结果（未写入）' : '导入完成'}：新增 ${r.inserted} 条，更新 ${r.updated} 条，未变化 ${r.unchanged} 条，跳过 ${r.skipped.length} 行，错误 ${errorRows} 行，提醒 ${r.warnings.length} 处`,
  )
  io.out(`工作表“${r.sheet}”，表头在第 ${r.headerRows.join('、')} 行`)
  for (const s of r.sheets.filter((x) => !x.used && x.reason !== '空白工作表'))
    io.out(`  工作表“${s.name}”未导入：${s.reason}`)
  io.out('列的对应：')
  for (const m of r.mapping)
    io.out(
      `  ${m.column} 列“${m.header}” → ${m.fieldLabel ?? '不导入'}${m.needsConfirmation ? '（请确认）' : ''}`,
    )
  for (const n of r.notices) io.out(`说明：${n}`)
  for (const m of r.nearMatches)
    io.out(
      `  相近名称 工作表“${m.sheet}”第 ${m.rows.join('、')} 行的“${m.name}”按企业台账中的“${m.existing}”（${m.village}）登记，请核对`,
    )
  for (const s of r.skipped) io.out(`  跳过 工作表“${s.sheet}”第 ${s.row} 行：${s.reason}`)
  for (const e of r.errors)
    io.out(`  错误 工作表“${e.sheet}”第 ${e.row} 行${e.column ? ` ${e.column} 列` : ''}：${e.message}`)
  for (const w of r.warnings)
    io.out(`  提醒 工作表“${w.sheet}”第 ${w.row} 行${w.column ? ` ${w.column} 列` : ''}：${w.message}`)
}

async function exportFile(
  a: ParsedArgs,
  ledger: string | undefined,
  file: string | undefined,
  io: Io,
): Promise<number> {
  const bad = checkLedger(ledger, io)
  if (bad !== null) return bad
  if (!file) {
    io.err('请指定导出的文件名，如：safety-ledger export enterprises 企业台账.xlsx')
    return 2
  }
  return withCore(a, async (core) => {
    const r = await runJob<{ base64: string; rows: number; wrote: string }>(
      core,
      'excel.startExport',
      exportFromFlags(ledger as LedgerName, (name) => a.flags[name]),
    )
    const tmp = `${file}.partial`
    try {
      fs.writeFileSync(tmp, Buffer.from(r.base64, 'base64'))
      fs.renameSync(tmp, file)
    } catch (err) {
      fs.rmSync(tmp, { force: true })
      throw err
    }
    io.out(`已导出 ${r.wrote}到 ${file}`)
    return 0
  })
}

type Row = Record<string, unknown>

/** How each listable ledger is queried and printed as one tab-separated line per record. */
type Listing =
  | { handler: string; input: (a: ParsedArgs) => object; line: (r: Row) => unknown[]; unit: string }
  /** A ledger listed its own way (the roster day by day). */
  | { run: typeof runDutyList }

/** 经营方式, shown as the licence list shows it. */
const CHEM_LICENCE_TYPE = chemLicenceSpec.fields.find((f) => f.key === 'type') as FieldSpec

const LISTINGS: Record<string, Listing> = {
  duty: { run: runDutyList },
  enterprises: {
    handler: 'enterprise.list',
    input: (a) => ({ deleted: a.flags.deleted === true }),
    line: (r) => [r.name, r.creditCode ?? '', r.villageName, r.principal ?? '', r.principalPhone ?? ''],
    unit: '家',
  },
  hazards: {
    handler: 'hazard.list',
    // --preset overdue,dueSoon: the list's computed statuses (逾期未改, 7日内到期 …), as 工作台 counts them
    input: (a) => ({
      sort: { field: 'foundOn', order: 'asc' },
      deleted: a.flags.deleted === true,
      ...(flagString(a, 'preset') ? { presets: (flagString(a, 'preset') as string).split(',') } : {}),
    }),
    line: (r) => [
      r.foundOn,
      r.enterpriseName ?? r.outletName,
      HAZARD_GRADES[r.grade as HazardGrade],
      HAZARD_STATUSES[(r.presets as string[]).includes('overdue') ? 'overdue' : (r.status as HazardStatus)],
      r.deadline ?? '',
      String(r.description).replace(/\s+/g, ' '),
    ],
    unit: '条',
  },
  fireworks: {
    handler: 'fireworksOutlet.list',
    input: () => ({}),
    line: (r) => {
      const l = r.licence as { licenceNo: string; validTo: string | null } | null
      return [r.name, r.villageName ?? '', r.principal ?? '', l?.licenceNo ?? '无许可证', l?.validTo ?? '']
    },
    unit: '户',
  },
  chemicals: {
    handler: 'chemical.list',
    input: (a) => ({ deleted: a.flags.deleted === true }),
    line: (r) => [
      r.enterpriseName,
      r.unitName,
      r.name,
      r.cas ?? '',
      r.maxQuantity === null ? '' : `${String(r.maxQuantity)} ${String(r.quantityUnit)}`,
      r.categories ?? '类别待确认',
    ],
    unit: '条',
  },
  chemLicences: {
    handler: 'chemLicence.list',
    // soonest to end first, as the list and 工作台 show them
    input: (a) => ({ sort: { field: 'validTo', order: 'asc' }, deleted: a.flags.deleted === true }),
    line: (r) => [r.enterpriseName, r.licenceNo, displayValue(CHEM_LICENCE_TYPE, r), r.validTo ?? ''],
    unit: chemLicenceSpec.unit,
  },
  inspections: {
    handler: 'inspection.list',
    input: () => ({}),
    line: (r) => [r.startedAt, r.enterpriseName, r.typeLabel, `隐患 ${r.hazardCount} 处`],
    unit: '次',
  },
}

/** 重大危险源 per unit: S, R, grade and every term (the same numbers the 危化品 page shows). */
async function majorHazardsCommand(a: ParsedArgs, io: Io): Promise<number> {
  return withCore(a, async (core) => {
    const rows = await call<MajorHazardEntry[]>(core, 'chemical.majorHazards', {})
    if (a.flags.json === true) {
      io.out(JSON.stringify(rows, null, 2))
      return 0
    }
    for (const r of rows) {
      io.out(
        [
          r.enterpriseName,
          r.unitName + (r.provisional ? '（暂定）' : ''),
          `S=${formatNumber(r.s, 3)}`,
          `R=${r.r === null ? '—' : formatNumber(r.r, 2)}`,
          r.gradeLabel,
        ].join('\t'),
      )
      for (const t of r.terms)
        io.out(
          `    ${t.name}\tq=${t.q === null ? '—' : formatNumber(t.q)}t\tQ=${t.Q ?? '—'}t（${t.qSource || t.note}）\tβ=${t.beta ?? '—'}${t.betaSource ? `（${t.betaSource}）` : ''}`,
        )
    }
    io.out(`共 ${rows.length} 个重大危险源单元`)
    return 0
  })
}

/** Any other kit ledger (活动记录 activity, 责任书 letter, 值班日志 dutyLog …) by its spec key: the
 * columns its list shows by default, as the screen shows them (sensitive ones masked). */
function specListing(key: string | undefined): Listing | null {
  const repo = LEDGER_REPOS.find((r) => r.spec.key === key)
  if (!repo) return null
  const shown = (repo.spec.fields as FieldSpec[]).filter((f) => f.list?.show)
  return {
    handler: `${repo.spec.key}.list`,
    input: (a) => ({ deleted: a.flags.deleted === true }),
    line: (r) => shown.map((f) => displayValue(f, r)),
    unit: repo.spec.unit,
  }
}

async function list(a: ParsedArgs, ledger: string | undefined, io: Io): Promise<number> {
  const ofSpec = ledger && !(ledger in LEDGERS) ? specListing(ledger) : null
  const bad = ofSpec
    ? null
    : checkLedger(
        ledger,
        io,
        LEDGER_REPOS.map((r) => r.spec.key),
      )
  if (bad !== null) return bad
  const listing = ofSpec ?? LISTINGS[ledger as string]
  if (!listing) {
    io.err(`${LEDGERS[ledger as LedgerName].label}暂不能列出`)
    return 2
  }
  if ('run' in listing)
    return withCore(a, (core) => listing.run(a, io, (name, input) => call(core, name, input)))
  return withCore(a, async (core) => {
    const rows: Row[] = []
    for (let page = 1; ; page++) {
      const r = await call<{ rows: Row[]; total: number }>(core, listing.handler, {
        ...listing.input(a),
        page,
        pageSize: 500,
        query: flagString(a, 'query'),
      })
      rows.push(...r.rows)
      if (rows.length >= r.total || r.rows.length === 0) break
    }
    if (a.flags.json === true) io.out(JSON.stringify(rows, null, 2))
    else {
      for (const r of rows) io.out(listing.line(r).join('\t'))
      io.out(`共 ${rows.length} ${listing.unit}`)
    }
    return 0
  })
}

async function serve(a: ParsedArgs, io: Io, staticDir: string): Promise<number> {
  const dataDir = path.resolve(flagString(a, 'data-dir') ?? defaultDataDir())
  const portText = flagString(a, 'port') ?? '5780'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`端口“${portText}”无效，请填写 0–65535 之间的整数`)
    return 2
  }
  const host = flagString(a, 'host') ?? '127.0.0.1'
  const core = await createCore({ dataDir, excelWorkerFile: workerFile, autoBackup: true, appLock: true })
  let server
  try {
    server = await startBrowserServer({
      dispatch: core.dispatch,
      staticDir,
      port,
      host,
      onError: (what, err) => core.ctx.log.error(what, err),
    })
  } catch (err) {
    core.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      io.err(`端口 ${port} 已被占用，请用 --port 指定其他端口（或 --port 0 自动选择）`)
      return 1
    }
    if (err instanceof Error && /refusing to listen/.test(err.message)) {
      io.err(`为保护数据，浏览器模式只监听本机地址 127.0.0.1，不能监听 ${host}`)
      return 2
    }
    throw err
  }
  io.out(`浏览器模式已启动，请在浏览器中打开：${server.url}`)
  io.out(`数据目录：${dataDir}`)
  io.out('按 Ctrl+C 停止。')
  const srv = server
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void srv.close().then(() => {
        core.close()
        resolve()
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
