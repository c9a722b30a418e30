import { z } from 'zod'
import { chinaToday, handler, type Ctx } from '../context'
import { AppError } from '../errors'
import { enterpriseSpec } from '../shared/specs/enterprise'
import { listSchema } from '../kit/handlers'
import { colLetter } from './grid'
import {
  commitSession,
  getSession,
  IMPORTERS,
  openSession,
  planSession,
  summarize,
  undoBatch,
  undoConfirmText,
  type ImportSession,
} from './import'
import { readBookIsolated } from './isolate'
import { cancelJob, startJob, viewJob } from './jobs'
import { IGNORE_FIELD } from './ledgers/types'
import { TO_COMPLETE } from '../shared/kit/form'
import type { ImportLedger } from './ledgers/plugin'
import type { Writable } from 'node:stream'
import {
  exportEnterprises,
  exportFireworks,
  exportHazards,
  fireworksTemplate,
  exportInspections,
  enterpriseTemplate,
  hazardTemplate,
  toBuffer,
  type ExportResult,
} from './export'
import { inspectionListInput } from '../inspections/handlers'
import { hazardSpec } from '../shared/specs/hazard'
import { chemicalSpec, chemLicenceSpec } from '../shared/specs/chemical'
import { dutyShiftSpec } from '../shared/specs/duty-roster'
import { exportShifts, rosterTemplate } from '../duty/excel'
import { errorReport } from './report'
import { EXCEL_LEDGERS, type ExcelLedger } from '../shared/excel-ledgers'
import { fireworksOutletRepo } from '../fireworks/ledger'
import { listInputOf } from '../kit/handlers'
import { chemicalTemplate, exportChemicals, exportChemLicences } from '../chemicals/export'

export const LEDGERS = EXCEL_LEDGERS
/** Ledgers the import engine can read (the others only export). */
export const IMPORTABLE = new Set<LedgerName>(['enterprises', 'hazards', 'fireworks', 'chemicals', 'duty'])
export type LedgerName = ExcelLedger

const ledger = z.enum(Object.keys(LEDGERS) as [LedgerName, ...LedgerName[]], { error: '未知的台账类型' })

const exportOptions = {
  /** The columns the clerk chose (default: every column, so the file imports back). */
  columns: z.array(z.string().max(40)).max(100).optional(),
  /** 脱敏导出: phones and other sensitive fields masked (default: whole, so the file imports back). */
  masked: z.boolean().optional(),
}
const unbuilt = (Object.keys(LEDGERS) as LedgerName[]).filter((k) => !LEDGERS[k].built) as [
  LedgerName,
  ...LedgerName[],
]

/** An export names its ledger, and the filters are that ledger's own list filters (without paging). */
const exportInput = z.discriminatedUnion(
  'ledger',
  [
    z.object({
      ledger: z.literal('enterprises'),
      filters: listSchema(enterpriseSpec).omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('hazards'),
      filters: listSchema(hazardSpec).omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('fireworks'),
      filters: listInputOf(fireworksOutletRepo).omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('chemicals'),
      /** Quantities in tonnes or kilograms (the unit goes into the headers). */
      unit: z.enum(['t', 'kg']).optional(),
      /** The 危化品台账 list's filters: an export of what the list shows. */
      filters: listSchema(chemicalSpec).omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('duty'),
      filters: listSchema(dutyShiftSpec).omit({ page: true, pageSize: true }).optional(),
      /** 值班安排表 (one row per shift, default) or 排班表 (one row per person, one column per day). */
      layout: z
        .enum(['list', 'matrix'], { error: '版式只能是值班安排表（list）或排班表（matrix）' })
        .optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('chemLicences'),
      filters: listSchema(chemLicenceSpec).omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    z.object({
      ledger: z.literal('inspections'),
      filters: inspectionListInput.omit({ page: true, pageSize: true }).optional(),
      ...exportOptions,
    }),
    // Not built yet: accepted here so the answer is "尚未启用", not a validation error.
    ...(unbuilt.length
      ? [z.object({ ledger: z.enum(unbuilt), filters: z.object({}).optional(), ...exportOptions })]
      : []),
  ],
  { error: '未知的台账类型' },
)

type ExportInput = z.infer<typeof exportInput>
type ExportOf<L extends LedgerName> = Extract<ExportInput, { ledger: L }>

/**
 * What each ledger does at the Excel door, in one place: the fields a value can be given for all
 * rows on import, its import template, and its export — streamed (`write`, the file named after
 * the filter it returns) or as a whole file (`file`, the roster's own naming).
 */
interface Door<L extends LedgerName = LedgerName> {
  /** What an export says it wrote, `{n}` being its records ("{n} 家企业"). */
  wrote: string
  /**
   * The export's own options as a command line gives them (`--kg`, `--layout matrix`, `--from`/
   * `--to`), over the filter every export takes from `--query`.
   */
  flags?(flag: (name: string) => string | true | undefined): Partial<Omit<ExportOf<L>, 'ledger'>>
  defaultable?: readonly string[]
  /**
   * Of those, the fields that can be recorded as 「待补充」 for all rows (工作台 lists the records
   * for completion), with what the wizard says about how the value is found otherwise.
   */
  toComplete?: Record<string, string | null>
  template?(ctx: Ctx): Promise<Buffer | { fileName: string; base64: string }>
  write?(
    ctx: Ctx,
    out: Writable,
    input: ExportOf<L>,
    progress: (done: number, total: number) => void,
  ): Promise<ExportResult>
  file?(ctx: Ctx, input: ExportOf<L>): Promise<{ fileName: string; base64: string; rows?: number }>
}

const NEW_ENTERPRISE_VILLAGE = `企业台账中还没有的企业按所填的村登记，不填时记为“${TO_COMPLETE}”，工作台会列出待补充的企业`

const DOORS: { [L in LedgerName]: Door<L> } = {
  enterprises: {
    wrote: '{n} 家企业',
    defaultable: ['villageId', 'industryId', 'status'],
    toComplete: {
      villageId: `地址中有已登记的村名时按地址推断（列表中标“推测”，待确认）；其余记为所填的村，不填时记为“${TO_COMPLETE}”，工作台会列出待补充的企业`,
    },
    template: (ctx) => enterpriseTemplate(ctx),
    write: (ctx, out, input, progress) =>
      exportEnterprises(
        ctx,
        out,
        { ...input.filters, columns: input.columns, masked: input.masked },
        progress,
      ),
  },
  hazards: {
    wrote: '{n} 条隐患',
    defaultable: ['enterpriseName', 'villageName'],
    toComplete: { villageName: NEW_ENTERPRISE_VILLAGE },
    template: (ctx) => hazardTemplate(ctx),
    write: (ctx, out, input, progress) =>
      exportHazards(ctx, out, { ...input.filters, columns: input.columns }, progress),
  },
  chemicals: {
    wrote: '{n} 种危化品',
    flags: (flag) => ({ unit: flag('kg') === true ? 'kg' : 't' }),
    defaultable: ['enterpriseName', 'villageName'],
    toComplete: { villageName: NEW_ENTERPRISE_VILLAGE },
    template: (ctx) => chemicalTemplate(ctx),
    write: (ctx, out, input, progress) =>
      exportChemicals(ctx, out, { ...input.filters, unit: input.unit, columns: input.columns }, progress),
  },
  fireworks: {
    wrote: '{n} 户零售点',
    defaultable: ['villageId', 'season', 'status', 'salesMode'],
    template: (ctx) => fireworksTemplate(ctx),
    write: (ctx, out, input, progress) =>
      exportFireworks(ctx, out, { ...input.filters, columns: input.columns, masked: input.masked }, progress),
  },
  duty: {
    wrote: '{n} 个班次',
    // the shifts of a period (--from/--to), as a 值班安排表 or with --layout matrix a 排班表
    flags: (flag) => {
      const [query, from, to] = ['query', 'from', 'to'].map((k) => {
        const v = flag(k)
        return typeof v === 'string' ? v : undefined
      })
      return {
        layout: flag('layout') === 'matrix' ? 'matrix' : 'list',
        filters: {
          ...(query ? { query } : {}),
          ...(from || to ? { filters: { date: { from, to } } } : {}),
        },
      }
    },
    template: (ctx) => rosterTemplate(ctx),
    file: (ctx, input) => exportShifts(ctx, input.filters ?? {}, input.layout ?? 'list'),
  },
  inspections: {
    wrote: '{n} 次检查',
    write: (ctx, out, input, progress) => exportInspections(ctx, out, input.filters ?? {}, progress),
  },
  chemLicences: {
    wrote: '{n} 张经营许可证',
    write: (ctx, out, input, progress) =>
      exportChemLicences(ctx, out, { ...input.filters, columns: input.columns }, progress),
  },
}

/** A command line's export of a ledger: its input to `excel.startExport`, from the flags given. */
export function exportFromFlags(
  name: LedgerName,
  flag: (name: string) => string | true | undefined,
): ExportInput {
  const door = DOORS[name] as Door
  const query = flag('query')
  return {
    ledger: name,
    filters: typeof query === 'string' ? { query } : {},
    ...door.flags?.(flag),
  } as ExportInput
}

export function assertBuilt(name: LedgerName): void {
  if (!LEDGERS[name].built) throw new AppError('CONFLICT', `${LEDGERS[name].label}尚未启用，暂不能导入或导出`)
}

export function assertImportable(name: LedgerName): void {
  assertBuilt(name)
  if (!IMPORTABLE.has(name))
    throw new AppError('CONFLICT', `${LEDGERS[name].label}在程序中登记，只能导出，不能从 Excel 导入`)
}

const MAX_BASE64 = Math.ceil((100 * 1024 * 1024 * 4) / 3) + 8

function today(ctx: Ctx): string {
  return chinaToday(ctx).replaceAll('-', '')
}

/** The first few values under a column, so the clerk sees what the column holds while mapping it. */
function samples(s: ImportSession, column: number, n = 3): string[] {
  const out: string[] = []
  for (let r = s.band.firstDataRow; r <= s.lastDataRow && out.length < n; r++) {
    const v = s.expanded[r - 1]?.[column - 1]
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue
    out.push(v instanceof Date ? v.toISOString().slice(0, 10) : String(v).replace(/\s+/g, ' ').slice(0, 40))
  }
  return out
}

export function previewDto(s: ImportSession) {
  const sum = summarize(s)
  return {
    importId: s.id,
    fileName: s.fileName,
    format: s.book.format,
    encoding: s.book.encoding ?? null,
    sheets: s.book.sheets.filter((x) => !x.hidden).map((x) => ({ name: x.name, rows: x.rows.length })),
    /** Every sheet, whether it was used, and why not. */
    sheetUse: s.sheets,
    sheet: s.sheetName,
    headerRows: s.band.headerRows,
    firstDataRow: s.band.firstDataRow,
    lastDataRow: s.lastDataRow,
    mappingRemembered: s.mappingRemembered,
    columns: s.matches.map((m) => ({
      column: m.column,
      letter: colLetter(m.column),
      header: m.header,
      field: s.mapping.get(m.column) ?? null,
      /** The field the header matched (the clerk or a remembered mapping may have chosen another). */
      suggested: m.field ?? null,
      confidence: m.confidence,
      // The clerk's own choice (or a remembered one) needs no confirmation.
      needsConfirmation: m.needsConfirmation && s.mapping.get(m.column) === m.field && !s.mappingRemembered,
      alternatives: m.alternatives.map((c) => colLetter(c)),
      samples: samples(s, m.column),
    })),
    /** Fields without a column that can take one value for all rows (所属村 …). */
    defaultable: defaultable(s),
    defaults: s.defaults,
    /** Names close to an enterprise already in the roster: the clerk picks that one or a new one. */
    nearMatches: s.nearMatches,
    /** A near-matched name is that enterprise ('same': 就是已有的…，更新它) or filed under it ('owner'). */
    nearMatch: IMPORTERS[s.ledger].words.nearMatch ?? 'owner',
    ledger: s.ledger,
    /** A sheet read in the ledger's own layout (排班表): what each column holds is fixed by it. */
    layout: s.layout?.layout ?? null,
    /** The fields a layout's records carry, in the ledger's order (the preview grid's columns). */
    layoutFields: s.layout
      ? IMPORTERS[s.ledger].fields
          .map((f) => f.key)
          .filter((k) => s.layout?.records.some((r) => r.values[k] !== undefined && r.values[k] !== null))
      : null,
    /** The ledger imports a file whole or not at all (a roster replaces its dates). */
    allOrNothing: Boolean(IMPORTERS[s.ledger].allOrNothing),
    fields: IMPORTERS[s.ledger].fields.map((f) => ({
      key: f.key,
      label: f.key === IGNORE_FIELD ? '（不导入）序号' : f.label,
      required: Boolean(f.required),
      /**
       * A required field without a column that the sheet itself supplies (the audited unit of a
       * group heading "一、某某有限公司（2处）"): rows were planned with it, so no column is needed.
       */
      fromSheet: Boolean(f.required) && fromSheet(s, f.key),
    })),
    summary: {
      inserted: sum.inserted,
      updated: sum.updated,
      unchanged: sum.unchanged,
      duplicates: sum.duplicates,
      skipped: sum.skipped,
      errorRows: new Set(sum.errors.map((e) => e.row)).size,
      warningRows: new Set(sum.warnings.map((e) => e.row)).size,
      skippedRows: s.skipped.length,
      filled: sum.filled,
      total: s.plan.length,
    },
    errors: sum.errors.slice(0, 500),
    warnings: sum.warnings.slice(0, 500).map(({ cell: _cell, ...w }) => w),
    skippedRows: s.skipped.slice(0, 500),
    /** Warnings about the sheet rather than a record it holds (a mark a 排班表 does not know). */
    sheetWarnings: s.sheetWarnings.slice(0, 500),
    notices: s.notices,
  }
}

/**
 * A required field with no column and no value for all rows, yet rows were planned: the ledger's
 * rules found it on the sheet (a row without it is an error, so any row that is not had it).
 */
function fromSheet(s: ImportSession, key: string): boolean {
  if ([...s.mapping.values()].includes(key) || s.defaults[key]) return false
  return s.plan.some((r) => r.status !== 'error')
}

/** The fields a value can be given for all rows: the file has no column for them. */
function defaultable(s: ImportSession): {
  key: string
  label: string
  choices: string[] | null
  /** 「待补充」 is a choice for it. */
  toComplete: boolean
  hint: string | null
}[] {
  const mapped = new Set([...s.mapping.values()])
  const door = DOORS[s.ledger] as Door
  const keys: readonly string[] = door.defaultable ?? []
  return IMPORTERS[s.ledger].fields
    .filter((f) => keys.includes(f.key) && !mapped.has(f.key))
    .map((f) => ({
      key: f.key,
      label: f.label,
      choices: f.choices ?? null,
      toComplete: door.toComplete !== undefined && f.key in door.toComplete,
      hint: door.toComplete?.[f.key] ?? null,
    }))
}

function display(v: unknown, labels?: Record<string, string>): string {
  if (v === null || v === undefined) return ''
  if (labels && typeof v === 'string') return labels[v] ?? v
  if (Array.isArray(v))
    return v.map((x) => (labels && typeof x === 'string' ? (labels[x] ?? x) : String(x))).join('、')
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'boolean') return v ? '√' : ''
  return String(v)
}

export const excelHandlers = {
  'excel.ledgers': handler(z.object({}).optional(), () =>
    (Object.keys(LEDGERS) as LedgerName[]).map((name) => ({
      name,
      label: LEDGERS[name].label,
      built: LEDGERS[name].built,
      /** The wizard's help lines for this ledger's files (none for a ledger that only exports). */
      importNotes: IMPORTABLE.has(name) ? IMPORTERS[name as ImportLedger].words.notes : [],
    })),
  ),
  /** Reads the file in a worker (job with progress and cancel), then plans the import. */
  'excel.startPreview': handler(
    z.object({
      ledger,
      fileName: z.string().min(1).max(255),
      base64: z.string().max(MAX_BASE64, '文件超过 100 MB，请拆分后再导入'),
      sheet: z.string().max(100).optional(),
    }),
    (ctx, input) => {
      assertImportable(input.ledger)
      const bytes = Buffer.from(input.base64, 'base64')
      return startJob(ctx, 'preview', async (update, signal) => {
        update({ phase: '正在读取文件', total: 0 })
        const book = await readBookIsolated(bytes, input.fileName, {
          workerFile: ctx.excelWorkerFile,
          signal,
          onProgress: (rows) => update({ done: rows }),
        })
        if (signal.aborted) throw new AppError('CONFLICT', '已取消')
        update({ phase: '正在识别表头并校验' })
        return previewDto(openSession(ctx, book, input.fileName, input.sheet, input.ledger as ImportLedger))
      })
    },
  ),
  'excel.updateImport': handler(
    z.object({
      importId: z.string().uuid(),
      mapping: z.record(z.string().regex(/^\d+$/), z.string().max(40).nullable()).optional(),
      /** One value for all rows of a field the file has no column for (field key → text). */
      defaults: z.record(z.string().max(40), z.string().max(100)).optional(),
      /** Per near-matched name: record under the existing enterprise (true) or create a new one. */
      nearChoices: z
        .array(z.object({ name: z.string().min(1).max(200), useExisting: z.boolean() }))
        .max(1000)
        .optional(),
      fixes: z
        .array(
          z.object({
            row: z.number().int().positive(),
            field: z.string().max(40),
            value: z.union([z.string().max(2000), z.number(), z.null()]),
          }),
        )
        .max(1000)
        .optional(),
    }),
    (ctx, input) => {
      const s = getSession(ctx, input.importId)
      if (s.layout && (Object.keys(input.mapping ?? {}).length || input.fixes?.length))
        throw new AppError(
          'VALIDATION',
          `这份表格按${s.layout.layout}读取，各列的含义由版式决定，不能改选或逐格修正；请在 Excel 中改正后重新导入`,
        )
      const valid = new Set(IMPORTERS[s.ledger].fields.map((f) => f.key))
      for (const [col, field] of Object.entries(input.mapping ?? {})) {
        if (field !== null && !valid.has(field)) throw new AppError('VALIDATION', `未知的字段“${field}”`)
        if (!s.mapping.has(Number(col))) throw new AppError('VALIDATION', `第 ${col} 列不在表头中`)
        if (field !== null && field !== IGNORE_FIELD)
          for (const [c, f] of s.mapping) if (f === field && c !== Number(col)) s.mapping.set(c, null)
        s.mapping.set(Number(col), field)
      }
      for (const [k, v] of Object.entries(input.defaults ?? {})) {
        if (!valid.has(k)) throw new AppError('VALIDATION', `未知的字段“${k}”`)
        if (v.trim() === '') delete s.defaults[k]
        else s.defaults[k] = v.trim()
      }
      for (const c of input.nearChoices ?? []) s.nearChoices.set(c.name, c.useExisting)
      for (const f of input.fixes ?? []) {
        const cur = s.fixes.get(f.row) ?? {}
        cur[f.field] = f.value
        s.fixes.set(f.row, cur)
      }
      planSession(ctx, s)
      return previewDto(s)
    },
  ),
  'excel.previewRows': handler(
    z.object({
      importId: z.string().uuid(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
      onlyErrors: z.boolean().default(false),
    }),
    (ctx, input) => {
      const s = getSession(ctx, input.importId)
      const labels = new Map(IMPORTERS[s.ledger].fields.map((f) => [f.key, f.labels]))
      // 只看有问题的行: refused rows, duplicates, and rows kept with a cell left out or a guess.
      const rows = input.onlyErrors
        ? s.plan.filter((p) => p.status === 'error' || p.status === 'duplicate' || p.warnings.length > 0)
        : s.plan
      const page = rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize)
      return {
        total: rows.length,
        rows: page.map((p) => ({
          row: p.row,
          status: p.status,
          values: Object.fromEntries(
            Object.entries({ ...p.values, ...p.leftOut }).map(([k, v]) => [k, display(v, labels.get(k))]),
          ),
          issues: p.issues.map((i) => ({ field: i.field, column: i.column, message: i.message })),
          warnings: p.warnings.map((i) => ({ field: i.field, column: i.column, message: i.message })),
        })),
      }
    },
  ),
  'excel.commitImport': handler(
    z.object({
      importId: z.string().uuid(),
      policy: z.enum(['valid-only', 'all-or-nothing']).default('valid-only'),
      /** 经办人 of this import (a roster's change log names it); the session's operator when not given. */
      operator: z.string().trim().min(1).max(30, '经办人不能超过30个字').optional(),
    }),
    (ctx, input) => {
      const s = getSession(ctx, input.importId)
      return startJob(
        ctx,
        'commit',
        async (update) => {
          update({ phase: '正在备份并写入', total: s.plan.length })
          const r = await commitSession(ctx, s, input.policy, (done, total) => update({ done, total }), {
            operator: input.operator,
          })
          return {
            ...r,
            errors: r.errors.slice(0, 500),
            errorCount: r.errors.length,
            warnings: r.warnings.slice(0, 500).map(({ cell: _cell, ...w }) => w),
            warningCount: r.warnings.length,
          }
        },
        { cancellable: false },
      )
    },
  ),
  'excel.undoImport': handler(z.object({ batchId: z.number().int().positive() }), (ctx, input) =>
    undoBatch(ctx, input.batchId),
  ),
  'excel.importHistory': handler(z.object({}).optional(), (ctx) =>
    (
      ctx.db
        .prepare(
          `SELECT id, ledger, file_name AS fileName, sheet, at, inserted, updated, skipped, errors, undone_at AS undoneAt
         FROM import_batches ORDER BY id DESC LIMIT 200`,
        )
        .all() as {
        id: number
        ledger: ImportLedger
        fileName: string
        sheet: string
        at: string
        inserted: number
        updated: number
        skipped: number
        errors: number
        undoneAt: string | null
      }[]
    ).map((b) => ({
      ...b,
      /** What 撤销本批 will do, in the ledger's own words (said before it is done). */
      undoConfirm: undoConfirmText(b),
    })),
  ),
  'excel.errorReport': handler(z.object({ importId: z.string().uuid() }), async (ctx, input) => {
    const s = getSession(ctx, input.importId)
    const base = s.fileName.replace(/\.[^.]+$/, '')
    return { fileName: `${base}-错误行.xlsx`, base64: (await errorReport(s)).toString('base64') }
  }),
  'excel.startExport': handler(exportInput, (ctx, input) => {
    assertBuilt(input.ledger)
    return startJob(ctx, 'export', async (update, signal) => {
      update({ phase: '正在导出' })
      const progress = (done: number, total: number): void => {
        if (signal.aborted) throw new AppError('CONFLICT', '已取消')
        update({ done, total })
      }
      // Each ledger exports exactly what its list shows, with the list's own (typed) filters.
      const door = DOORS[input.ledger] as Door
      if (door.file) {
        const f = await door.file(ctx, input)
        return { ...f, wrote: door.wrote.replace('{n}', String(f.rows ?? 0)) }
      }
      let rows = 0
      // A filtered export is named after its filter: 隐患整改台账（重大隐患、逾期未改）-20251010.xlsx
      let named = ''
      const buf = await toBuffer(async (out) => {
        const r = await (door.write as NonNullable<Door['write']>)(ctx, out, input, progress)
        rows = r.rows
        named = r.named ?? ''
      })
      return {
        fileName: `${LEDGERS[input.ledger].label}${named ? `（${named}）` : ''}${input.masked ? '（脱敏）' : ''}-${today(ctx)}.xlsx`,
        base64: buf.toString('base64'),
        /** How many records the file holds, and what they are (the command line says it). */
        rows,
        wrote: door.wrote.replace('{n}', String(rows)),
      }
    })
  }),
  'excel.template': handler(z.object({ ledger }), async (ctx, input) => {
    assertImportable(input.ledger)
    const t = await (DOORS[input.ledger].template as NonNullable<Door['template']>)(ctx)
    return Buffer.isBuffer(t)
      ? { fileName: `${LEDGERS[input.ledger].label}导入模板.xlsx`, base64: t.toString('base64') }
      : t
  }),
  'job.get': handler(z.object({ jobId: z.string().uuid() }), (ctx, input) => {
    const j = viewJob(ctx, input.jobId)
    if (!j) throw new AppError('NOT_FOUND', '该任务不存在或已过期')
    return j
  }),
  'job.cancel': handler(z.object({ jobId: z.string().uuid() }), (ctx, input) => ({
    cancelled: cancelJob(ctx, input.jobId),
  })),
}
