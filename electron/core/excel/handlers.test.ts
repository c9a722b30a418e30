import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { createCore } from '../index'
import { FIXED_NOW, memoryCore, ok, fail, tempDir, waitJob } from '../test/helpers'
import { excelJs } from './exceljs'
import { readBook } from './read'

const DIR = path.resolve(__dirname, '../../../tests/fixtures/ledgers')
let core: Core
beforeEach(async () => {
  core = await memoryCore()
})
afterEach(() => core.close())

interface Preview {
  importId: string
  sheet: string
  headerRows: number[]
  columns: {
    column: number
    letter: string
    header: string
    field: string | null
    confidence: number
    samples: string[]
  }[]
  summary: {
    inserted: number
    updated: number
    unchanged: number
    duplicates: number
    errorRows: number
    warningRows: number
  }
  errors: { sheet: string; row: number; column: string; message: string }[]
  warnings: { sheet: string; row: number; column: string; message: string }[]
  mappingRemembered: boolean
}

async function preview(c: Core, file: string, bytes?: Buffer): Promise<Preview> {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
    ledger: 'enterprises',
    fileName: file,
    base64: (bytes ?? fs.readFileSync(path.join(DIR, file))).toString('base64'),
  })
  return waitJob<Preview>(c, jobId)
}

async function commit(c: Core, importId: string, policy = 'valid-only') {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId, policy })
  return waitJob<{
    batchId: number
    inserted: number
    updated: number
    skipped: number
    newVillages: string[]
  }>(c, jobId)
}

describe('import through the handler table', () => {
  it('previews with sheet, row, column and a Chinese reason for each bad cell', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    expect(p.sheet).toBe('企业台账')
    expect(p.columns.find((c) => c.header === '联系方式/手机')).toMatchObject({
      field: 'principalPhone',
      samples: ['18735662163', '13778023034', '15932242879'],
    })
    expect(p.columns.find((c) => c.header === '成立日期')?.samples[0]).toBe('2016-07-19')
    expect(p.columns.find((c) => c.header === '企业类别/危化品')?.field).toBe('flags.hazchem')
    // A bad optional cell (the credit code) no longer costs the row: it is kept without the code,
    // the code's text goes to 备注 and the cell is reported.
    expect(p.summary).toMatchObject({ inserted: 54, errorRows: 0, warningRows: 2, duplicates: 1 })
    expect(p.warnings[0]).toMatchObject({ sheet: '企业台账', row: 12, column: 'C' })
    expect(p.warnings[0]?.message).toMatch(
      /^统一社会信用代码第18位校验码应为 \S，请核对营业执照（该格未导入，原文已记入备注）$/,
    )
  })

  it('shows Chinese labels, never enum keys, in the preview grid', async () => {
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
      ledger: 'hazards',
      fileName: '10-hazards.xlsx',
      base64: fs.readFileSync(path.join(DIR, '10-hazards.xlsx')).toString('base64'),
    })
    const p = await waitJob<Preview>(core, jobId)
    const rows = await ok<{ rows: { values: Record<string, string> }[] }>(core, 'excel.previewRows', {
      importId: p.importId,
      pageSize: 50,
    })
    const grades = new Set(rows.rows.map((r) => r.values.grade))
    expect(grades).toEqual(new Set(['一般隐患', '重大隐患']))
    expect(new Set(rows.rows.map((r) => r.values.state))).toEqual(new Set(['已整改', '整改中', '未整改']))
  })

  it('an inline fix turns a bad cell into a stored value', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const wrong = '913611713927426353'
    const fixed = wrong.slice(0, 17) + (p.warnings[0]?.message.match(/应为 (\S)/)?.[1] ?? '')
    const after = await ok<Preview>(core, 'excel.updateImport', {
      importId: p.importId,
      fixes: [{ row: 12, field: 'creditCode', value: fixed }],
    })
    expect(after.summary.warningRows).toBe(1)
    expect(after.summary.inserted).toBe(54)
    await commit(core, p.importId)
    const found = await ok<{ rows: { creditCode: string | null }[] }>(core, 'enterprise.list', {
      query: fixed,
    })
    expect(found.rows.map((r) => r.creditCode)).toEqual([fixed])
  })

  it('commits in one batch, creates missing villages, and undoes the whole batch', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const r = await commit(core, p.importId)
    expect(r.inserted).toBe(54)
    expect(r.newVillages.length).toBeGreaterThan(3)
    const found = await ok<{ rows: { name: string; establishedDate: string }[] }>(core, 'enterprise.list', {
      query: '华锦水泥',
    })
    expect(found.rows[0]?.establishedDate).toBe('2016-05-16')
    const history = await ok<{ id: number; inserted: number }[]>(core, 'excel.importHistory')
    expect(history[0]).toMatchObject({ id: r.batchId, inserted: 54 })
    // importing the same file again changes nothing
    const again = await preview(core, '01-enterprises.xlsx')
    expect(again.summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 54 })
    expect(again.mappingRemembered).toBe(true)
    await ok(core, 'excel.undoImport', { batchId: r.batchId })
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(0)
    expect((await fail(core, 'excel.undoImport', { batchId: r.batchId })).message).toContain('已于')
  })

  it('refuses to undo a batch whose records were edited afterwards, and keeps everything', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const r = await commit(core, p.importId)
    const one = (
      await ok<{ rows: { id: number; version: number }[] }>(core, 'enterprise.list', { pageSize: 1 })
    ).rows[0]!
    await ok(core, 'enterprise.update', {
      id: one.id,
      version: one.version,
      data: { notes: '导入后手工修改' },
    })
    const err = await fail(core, 'excel.undoImport', { batchId: r.batchId })
    expect(err.message).toContain('导入后又被修改过')
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(54)
  })

  it('refuses to undo a batch whose new enterprises have been inspected since', async () => {
    const r = await commit(core, (await preview(core, '01-enterprises.xlsx')).importId)
    const staff = await Promise.all(
      ['甲', '乙'].map((n, i) =>
        ok<{ id: number }>(core, 'staff.create', {
          name: `检查员${n}`,
          certificateNo: `QH-00${i}`,
          active: true,
        }),
      ),
    )
    const e = (await ok<{ rows: { id: number }[] }>(core, 'enterprise.list', { pageSize: 1 })).rows[0]!
    await ok(core, 'inspection.create', {
      enterpriseId: e.id,
      startedAt: '2026-11-20 09:00',
      type: 'daily',
      mode: 'planned',
      inspectorIds: staff.map((s) => s.id),
    })
    const err = await fail(core, 'excel.undoImport', { batchId: r.batchId })
    expect(err.code).toBe('CONFLICT')
    expect(err.message).toContain('不能整批撤销')
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(54)
  })

  it('a running commit cannot be cancelled half-way: the cancel is refused and the import completes', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.commitImport', { importId: p.importId })
    expect(await ok(core, 'job.cancel', { jobId })).toEqual({ cancelled: false })
    expect((await waitJob<{ inserted: number }>(core, jobId)).inserted).toBe(54)
  })

  it('cancelling the reading of a file stops it and writes nothing', async () => {
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
      ledger: 'enterprises',
      fileName: '01-enterprises.xlsx',
      base64: fs.readFileSync(path.join(DIR, '01-enterprises.xlsx')).toString('base64'),
    })
    expect(await ok(core, 'job.cancel', { jobId })).toEqual({ cancelled: true })
    await new Promise((r) => setTimeout(r, 50))
    expect(await ok(core, 'job.get', { jobId })).toMatchObject({ state: 'cancelled' })
    expect((await ok<unknown[]>(core, 'excel.importHistory')).length).toBe(0)
  })

  it('"all-or-nothing" refuses a file with bad cells and writes nothing', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.commitImport', {
      importId: p.importId,
      policy: 'all-or-nothing',
    })
    await expect(waitJob(core, jobId)).rejects.toThrow(/2 行有错误.*没有导入任何数据/)
    expect((await ok<{ total: number }>(core, 'enterprise.list', {})).total).toBe(0)
  })

  it('a second import updates changed records and reports them as 更新', async () => {
    await commit(core, (await preview(core, '01-enterprises.xlsx')).importId)
    const p = await preview(core, '03-enterprises-gbk.csv')
    // the CSV has the same enterprises; nothing new, the village/industry texts match
    expect(p.summary.inserted + p.summary.updated + p.summary.unchanged).toBe(54)
    expect(p.summary.inserted).toBe(0)
  })

  it('the error report keeps the original layout and adds 错误原因', async () => {
    const p = await preview(core, '01-enterprises.xlsx')
    const r = await ok<{ fileName: string; base64: string }>(core, 'excel.errorReport', {
      importId: p.importId,
    })
    expect(r.fileName).toBe('01-enterprises-错误行.xlsx')
    const book = await readBook(Buffer.from(r.base64, 'base64'), r.fileName)
    const rows = book.sheets[0]!.rows
    expect(rows[0]?.[0]).toBe('棠坪镇企业安全生产基本情况台账（2026年）')
    expect(rows[2]).toContain('错误原因')
    const dataRows = rows.slice(4)
    expect(dataRows.map((r) => r[2])).toEqual(['913611713927426353', '92361171MAUDP8W05M'])
    expect(String(dataRows[0]?.at(-1))).toMatch(/原第12行 C列：统一社会信用代码第18位校验码应为/)
  })

  it('refuses ledgers it cannot import and hostile input cleanly', async () => {
    expect(
      (await fail(core, 'excel.startPreview', { ledger: 'inspections', fileName: 'a.xlsx', base64: 'AA==' }))
        .message,
    ).toBe('检查台账在程序中登记，只能导出，不能从 Excel 导入')
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
      ledger: 'enterprises',
      fileName: 'fake.xlsx',
      base64: Buffer.from('<html><table><tr><td>企业名称</td></tr></table></html>').toString('base64'),
    })
    await expect(waitJob(core, jobId)).rejects.toThrow(/网页\/XML 格式/)
  })
})

describe('bulk imports (500 rows and more take the fast path)', () => {
  async function ledger(rows: number, suffix: string): Promise<Buffer> {
    const ExcelJS = excelJs()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('企业台账')
    ws.addRow(['企业名称', '所属村（社区）', '主要负责人', '主要负责人电话'])
    for (let i = 0; i < rows; i++)
      ws.addRow([
        `青禾第${i}号${suffix}有限公司`,
        i % 2 ? '东湖村' : '西岭村',
        `王${suffix}${i}`,
        `1380000${String(i).padStart(4, '0')}`,
      ])
    return Buffer.from(await wb.xlsx.writeBuffer())
  }

  it('keeps search working for inserted and updated records', async () => {
    const indexes = () =>
      core.ctx.db
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises' ORDER BY name",
        )
        .all()
    const before = indexes()
    const p1 = await preview(core, 'a.xlsx', await ledger(800, '恒泰'))
    expect(p1.summary.inserted).toBe(800)
    await commit(core, p1.importId)
    // a first load builds the list's indexes after its rows: all of them are back, and they serve
    expect(indexes()).toEqual(before)
    const byPrincipal = await ok<{ rows: { principal: string }[] }>(core, 'enterprise.list', {
      sort: { field: 'principal', order: 'desc' },
      page: 2,
      pageSize: 3,
    })
    expect(byPrincipal.rows.map((r) => r.principal)).toEqual(['王恒泰96', '王恒泰95', '王恒泰94'])
    const find = async (q: string) =>
      (await ok<{ total: number }>(core, 'enterprise.list', { query: q })).total
    expect(await find('第777号恒泰')).toBe(1)
    expect(await find('13800000777')).toBe(1)
    // same enterprises (name + village), new 主要负责人: a bulk update re-indexes them
    const p2 = await preview(
      core,
      'b.xlsx',
      await ledger(800, '恒泰').then(async (buf) => {
        const book = new (excelJs().Workbook)()
        await book.xlsx.load(buf as unknown as ArrayBuffer)
        book.worksheets[0]!.eachRow((row, n) => {
          if (n > 1) row.getCell(3).value = `李新${n}`
        })
        return Buffer.from(await book.xlsx.writeBuffer())
      }),
    )
    expect(p2.summary).toMatchObject({ inserted: 0, updated: 800 })
    await commit(core, p2.importId)
    expect(await find('李新778')).toBe(1)
    expect(await find('王恒泰777')).toBe(0)
    // ordinary edits after a bulk load still reach the index through the triggers
    const one = (
      await ok<{ rows: { id: number; version: number }[] }>(core, 'enterprise.list', { query: '第5号恒泰' })
    ).rows[0]!
    await ok(core, 'enterprise.update', {
      id: one.id,
      version: one.version,
      data: { name: '青禾改名后的企业有限公司' },
    })
    expect(await find('改名后的企业')).toBe(1)
  })
})

describe('export', () => {
  it('exports every data cell as printed: 宋体 10, thin borders on all four sides (empty cells too), codes as text, dates as dates', async () => {
    await ok(core, 'demo.load')
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startExport', { ledger: 'enterprises' })
    const file = await waitJob<{ fileName: string; base64: string }>(core, jobId)
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    const labels = (ws.getRow(3).values as unknown[]).slice(1) as string[]
    const col = (label: string) => labels.indexOf(label) + 1
    expect(ws.rowCount).toBe(3 + 240)
    let empty = 0
    for (let r = 4; r <= ws.rowCount; r++)
      for (let c = 1; c <= labels.length; c++) {
        const cell = ws.getRow(r).getCell(c)
        if (cell.value === null) empty++
        expect(cell.font).toMatchObject({ name: '宋体', size: 10 })
        for (const side of ['top', 'left', 'bottom', 'right'] as const)
          expect(cell.border?.[side]?.style, `${cell.address} ${side}`).toBe('thin')
      }
    expect(empty).toBeGreaterThan(0)
    const first = ws.getRow(4)
    expect(first.getCell(1)).toMatchObject({ value: 1, alignment: { horizontal: 'center' } })
    expect(first.getCell(col('统一社会信用代码')).numFmt).toBe('@')
    expect(first.getCell(col('成立日期')).numFmt).toBe('yyyy-mm-dd')
    // the page: A4 landscape, the header row and, when too wide, the key columns on every page
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '3:3' })
    expect(ws.getColumn(1).width).toBe(6)
    expect(ws.getColumn(col('企业名称')).width).toBeGreaterThan(ws.getColumn(col('经营状态')).width ?? 0)
    // 脱敏导出: phones as on screen
    const masked = await ok<{ jobId: string }>(core, 'excel.startExport', {
      ledger: 'enterprises',
      masked: true,
    })
    const m = await waitJob<{ base64: string }>(core, masked.jobId)
    const mb = new (excelJs().Workbook)()
    await mb.xlsx.load(Buffer.from(m.base64, 'base64') as unknown as ArrayBuffer)
    const phones = mb.worksheets[0]!.getColumn(col('主要负责人电话'))
      .values.slice(4)
      .filter(Boolean) as string[]
    expect(phones.length).toBeGreaterThan(0)
    for (const p of phones) expect(p).toMatch(/\*{4}/)
  })

  it('exports a print-ready sheet that imports back identically', async () => {
    await ok(core, 'demo.load')
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startExport', { ledger: 'enterprises' })
    const file = await waitJob<{ fileName: string; base64: string }>(core, jobId)
    expect(file.fileName).toBe('企业台账-20261128.xlsx')
    const bytes = Buffer.from(file.base64, 'base64')

    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getCell('A1').value).toBe('青禾镇企业安全生产台账')
    expect(ws.getCell('C3').value).toBe('统一社会信用代码')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '3:3' })
    expect(ws.headerFooter.oddFooter).toContain('&P')
    expect(ws.autoFilter).toBeTruthy()
    const column = (label: string) => (ws.getRow(3).values as unknown[]).indexOf(label)
    expect(typeof ws.getRow(4).getCell(column('主要负责人电话')).value).toBe('string') // phone kept as text
    expect(ws.getRow(4).getCell(column('成立日期')).value).toBeInstanceOf(Date) // 成立日期 as a real date
    expect(ws.getRow(4).getCell(column('企业规模')).value).toMatch(/^(大型|中型|小型|微型)$/) // labels, not keys
    expect(ws.getRow(3).font?.name ?? ws.getCell('B3').font?.name).toBe('宋体')

    const before = await ok<{ rows: Record<string, unknown>[] }>(core, 'enterprise.list', {
      pageSize: 500,
      sort: { field: 'name', order: 'asc' },
    })
    const target = await memoryCore()
    try {
      const p = await preview(target, file.fileName, bytes)
      expect(p.summary).toMatchObject({ inserted: 240, errorRows: 0 })
      await commit(target, p.importId)
      const after = await ok<{ rows: Record<string, unknown>[] }>(target, 'enterprise.list', {
        pageSize: 500,
        sort: { field: 'name', order: 'asc' },
      })
      const strip = (rows: Record<string, unknown>[]) =>
        rows.map(
          ({ id: _i, villageId: _v, industryId: _n, version: _r, createdAt: _c, updatedAt: _u, ...rest }) =>
            rest,
        )
      expect(strip(after.rows)).toEqual(strip(before.rows))
    } finally {
      target.close()
    }
  })

  it('writes an import template with dropdown lists', async () => {
    await ok(core, 'village.create', { name: '东湖村' })
    const t = await ok<{ base64: string }>(core, 'excel.template', { ledger: 'enterprises' })
    const wb = new (excelJs().Workbook)()
    await wb.xlsx.load(Buffer.from(t.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('企业台账')!
    expect(ws.getCell('B1').value).toBe('企业名称')
    const dv = (
      ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }
    ).dataValidations.model
    expect(Object.values(dv).some((v) => v.type === 'list' && v.formulae[0]?.startsWith('选项!'))).toBe(true)
    expect(wb.getWorksheet('选项')!.getCell('A1').value).toBe('东湖村')
  })
})

describe('backups around imports', () => {
  it('takes a verified backup before writing an import', async () => {
    const dir = tempDir()
    const c = await createCore({ dataDir: dir, now: () => FIXED_NOW })
    try {
      await commit(c, (await preview(c, '01-enterprises.xlsx')).importId)
      expect(fs.readdirSync(path.join(dir, 'backups'))).toContain('before-import-20261128-093000.sqlite')
    } finally {
      c.close()
    }
  })
})
