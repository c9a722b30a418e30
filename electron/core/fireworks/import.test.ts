import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { commitSession, openSession, summarize } from '../excel/import'
import { readBook } from '../excel/read'
import { exportFireworks, toBuffer } from '../excel/export'
import { excelJs } from '../excel/exceljs'
import { memoryCore, ok, waitJob } from '../test/helpers'

// Licensee lists as offices keep them, through the Excel engine into real SQLite: fixtures 06
// (validity as a range in one cell, .xlsx) and 07 (validity over two columns under a merged
// 零售许可证 header, legacy .xls) as their expected.json says, and a GBK CSV.

const DIR = path.resolve(__dirname, '../../../tests/fixtures/ledgers')

interface Expected {
  file: string
  records: number
  errorRows: number[]
  warningRows: number[]
  warnings: { row: number; reason: string; start: string; end: string }[]
  mustContain: string[]
  mustNotContain: string[]
  headerRows: number[]
  firstDataRow: number
}

interface Row {
  name: string
  licence: { licenceNo: string; validFrom: string; validTo: string } | null
  warnings: string[]
}

let core: Core | null = null
afterEach(() => core?.close())

async function session(file: string, dir = DIR) {
  core = await memoryCore()
  const book = await readBook(fs.readFileSync(path.join(dir, file)), file)
  return openSession(core.ctx, book, file, undefined, 'fireworks')
}

describe.each(['06-fireworks-range.expected.json', '07-fireworks-split.expected.json'])('%s', (name) => {
  const exp = JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as Expected

  it('imports every outlet with its licence; the validity over two years is kept with a warning', async () => {
    const s = await session(exp.file)
    expect(s.band.headerRows).toEqual(exp.headerRows)
    expect(s.band.firstDataRow).toBe(exp.firstDataRow)
    const sum = summarize(s)
    expect(sum.errors.map((e) => e.row)).toEqual(exp.errorRows)
    expect([...new Set(sum.warnings.map((w) => w.row))]).toEqual(exp.warningRows)
    for (const w of exp.warnings) {
      const got = sum.warnings.find((x) => x.row === w.row)
      expect(got?.message).toContain(w.reason)
      expect(got?.message).toContain(`${w.start}至${w.end}`)
    }
    const r = await commitSession(core!.ctx, s, 'valid-only')
    expect(r.inserted).toBe(exp.records)
    const list = await ok<{ rows: Row[]; total: number }>(core!, 'fireworksOutlet.list', { pageSize: 500 })
    expect(list.total).toBe(exp.records)
    expect(list.rows.every((x) => x.licence !== null)).toBe(true)
    // (the list masks phones on purpose: the stored outlets are read whole)
    const whole = await Promise.all(
      list.rows.map((x) => ok(core!, 'fireworksOutlet.get', { id: (x as unknown as { id: number }).id })),
    )
    const text = JSON.stringify([...list.rows, ...whole])
    for (const m of exp.mustContain) expect(text, m).toContain(m)
    for (const m of exp.mustNotContain) expect(text, m).not.toContain(m)
    expect(list.rows.filter((x) => x.warnings.includes('许可证有效期超过2年'))).toHaveLength(1)
  })

  it('imported again, changes nothing; a renewal list adds the new licences to the same outlets; undo removes them', async () => {
    const s = await session(exp.file)
    const first = await commitSession(core!.ctx, s, 'valid-only')
    const again = openSession(
      core!.ctx,
      await readBook(fs.readFileSync(path.join(DIR, exp.file)), exp.file),
      exp.file,
      undefined,
      'fireworks',
    )
    expect(summarize(again)).toMatchObject({ inserted: 0, updated: 0 })
    // Next winter's list: same outlets (name + address), new numbers and dates.
    const book = await readBook(fs.readFileSync(path.join(DIR, exp.file)), exp.file)
    const sheet = book.sheets[0]!
    for (const row of sheet.rows.slice(exp.firstDataRow - 1, exp.firstDataRow - 1 + exp.records)) {
      const i = row.findIndex((v) => typeof v === 'string' && v.includes('LS〔'))
      row[i] = String(row[i]).replace(/〔\d{4}〕/, '〔2026〕9')
    }
    const renewal = openSession(core!.ctx, book, 'renewal.xlsx', undefined, 'fireworks')
    expect(summarize(renewal)).toMatchObject({ inserted: 0, updated: exp.records })
    const r = await commitSession(core!.ctx, renewal, 'valid-only')
    const outlets = await ok<{ total: number; rows: { id: number }[] }>(core!, 'fireworksOutlet.list', {
      pageSize: 500,
    })
    expect(outlets.total).toBe(exp.records)
    const detail = await ok<{ chain: unknown[] }>(core!, 'fireworks.outlet', { id: outlets.rows[0]!.id })
    expect(detail.chain).toHaveLength(2)
    await ok(core!, 'excel.undoImport', { batchId: r.batchId })
    expect(
      (await ok<{ chain: unknown[] }>(core!, 'fireworks.outlet', { id: outlets.rows[0]!.id })).chain,
    ).toHaveLength(1)
    await ok(core!, 'excel.undoImport', { batchId: first.batchId })
    expect((await ok<{ total: number }>(core!, 'fireworksOutlet.list', {})).total).toBe(0)
  })
})

describe('a GBK CSV with ASCII brackets and its own headings', () => {
  it('reads the encoding, normalises the licence numbers and takes 有效期限 as the range', async () => {
    const s = await session('licensees-gbk.csv', path.resolve(__dirname, '../../../tests/fixtures/fireworks'))
    expect(summarize(s).errors).toEqual([])
    await commitSession(core!.ctx, s, 'valid-only')
    const { rows } = await ok<{ rows: Row[] }>(core!, 'fireworksOutlet.list', {})
    expect(rows.map((r) => [r.name, r.licence?.licenceNo, r.licence?.validFrom, r.licence?.validTo])).toEqual(
      [
        ['东湖鞭炮烟花店', '（赣）LS〔2026〕0102', '2026-01-10', '2026-03-05'],
        ['周记副食店', '（赣）LS〔2026〕0101', '2026-01-10', '2026-02-28'],
        ['西岭便利店', '（赣）LS〔2026〕0103', '2026-01-15', '2026-02-28'],
      ],
    )
    expect(rows.find((r) => r.name === '周记副食店')?.warnings).toContain('面积8㎡，不足10㎡')
  })
})

describe('export', () => {
  it('writes a print-ready sheet that imports back unchanged', async () => {
    const s = await session('06-fireworks-range.xlsx')
    await commitSession(core!.ctx, s, 'valid-only')
    const buf = await toBuffer((out) => exportFireworks(core!.ctx, out, {}))
    const back = openSession(
      core!.ctx,
      await readBook(buf, 'export.xlsx'),
      'export.xlsx',
      undefined,
      'fireworks',
    )
    const sum = summarize(back)
    expect(sum.errors).toEqual([])
    expect(sum).toMatchObject({ inserted: 0, updated: 0 })
  })

  it('shows the list’s columns in 宋体, names a filtered file after its filter, and masks phones when asked', async () => {
    const s = await session('06-fireworks-range.xlsx')
    await commitSession(core!.ctx, s, 'valid-only')
    const village = (
      await ok<{ rows: { villageId: number; villageName: string }[] }>(core!, 'fireworksOutlet.list', {})
    ).rows[0]!
    const file = async (input: Record<string, unknown>) => {
      const { jobId } = await ok<{ jobId: string }>(core!, 'excel.startExport', {
        ledger: 'fireworks',
        ...input,
      })
      const f = await waitJob<{ fileName: string; base64: string }>(core!, jobId)
      const wb = new (excelJs().Workbook)()
      await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer)
      return { name: f.fileName, ws: wb.worksheets[0]! }
    }
    const all = await file({})
    expect(all.name).toBe('烟花爆竹零售经营户台账-20261128.xlsx')
    // the columns the list shows, the outlet's and its licence's; not 备注 or 发证机关
    expect((all.ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '序号',
      '零售点名称',
      '负责人',
      '联系电话',
      '所属村（社区）',
      '经营地址',
      '经营方式',
      '面积',
      '经营期',
      '经营状态',
      '许可证编号',
      '有效期起',
      '有效期止',
      '许可范围',
      '限制存放量',
    ])
    expect(all.ws.getCell('B4').font?.name).toBe('宋体')
    const phones = (ws: typeof all.ws) => ws.getColumn(4).values.slice(4).filter(Boolean) as string[]
    expect(phones(all.ws).some((p) => /^1\d{10}$/.test(p))).toBe(true)

    const filtered = await file({
      filters: { filters: { villageId: { in: [village.villageId] } }, extra: { licence: 'expired' } },
      masked: true,
    })
    expect(filtered.name).toBe(
      `烟花爆竹零售经营户台账（${village.villageName}、许可证已过期）（脱敏）-20261128.xlsx`,
    )
    expect(filtered.ws.getCell('A1').value).toContain(`（${village.villageName}、许可证已过期）`)
    expect(phones(filtered.ws).length).toBeGreaterThan(0)
    for (const p of phones(filtered.ws)) expect(p).toMatch(/\*{4}/)
  })
})
