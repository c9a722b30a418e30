import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRepo } from '../kit/repo'
import { kitImporter } from '../kit/excel'
import { chemUnitSpec } from '../shared/specs/chemical'
import type { Core } from '../index'
import { ok, memoryCore } from '../test/helpers'
import { excelJs } from './exceljs'
import { commitSession, openSession, summarize } from './import'
import { readBook } from './read'

// Child ledgers: a parent-link column (the spec's `parent`) that is merged over its rows, left
// blank or written 同上 takes the value of the row above — only that column (and the 所属村 that
// goes with it), only within a block of rows — and the summary says which cells were filled.

let core: Core
beforeEach(async () => {
  core = await memoryCore()
})
afterEach(() => core.close())

type Rec = Record<string, unknown>

async function sheet(): Promise<Buffer> {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('危化品')
  ws.addRow(['序号', '企业名称', '所属村', '品名', 'CAS号', '最大储存量(吨)'])
  ws.addRow([1, '青禾五金有限公司', '东湖村', '乙炔', '74-86-2', 1.2]) // 2
  ws.addRow([2, null, null, '氧', '7782-44-7', 0.8]) // 3 (merged)
  ws.addRow([3, null, null, '氮', '7727-37-9', 2]) // 4 (merged)
  ws.mergeCells('B2:B4')
  ws.mergeCells('C2:C4')
  ws.addRow([4, '青禾机械厂', '西岭村', '液化石油气', '68476-85-7', 0.3]) // 5
  ws.addRow([5, '', '', '乙醛', '', null]) // 6 blank: filled, its own CAS stays empty
  ws.addRow([6, '同上', '', '丙酮', '67-64-1', 0.1]) // 7 同上
  ws.addRow([]) // 8: a blank row ends the block
  ws.addRow([7, '', '', '甲苯', '108-88-3', 1]) // 9: nothing above in its block
  ws.addRow(['二、加油站', '二、加油站', '二、加油站', '二、加油站', '二、加油站', '二、加油站']) // 10
  ws.mergeCells('A10:F10')
  ws.addRow([8, null, null, '汽油', '86290-81-5', 30]) // 11: not carried over the group title
  ws.addRow([9, '江南加油站有限公司', '西岭村', '柴油', '68334-30-5', 40]) // 12
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('parent fill-down on import', () => {
  it('fills merged, blank and 同上 enterprise cells from the row above, within a block, and reports them', async () => {
    const bytes = await sheet()
    const s = openSession(core.ctx, await readBook(bytes, 'chem.xlsx'), 'chem.xlsx', undefined, 'chemicals')
    const sum = summarize(s)
    expect(s.filled).toEqual([
      { field: 'enterpriseName', label: '企业名称', column: 'B', rows: [3, 4, 6, 7] },
    ])
    expect(sum.filled).toBe(4)
    expect(s.notices.join('\n')).toContain(
      '“企业名称”列（B列）有 4 格为合并单元格、空白或“同上”，已按上一行填入：第 3–4、6–7 行',
    )
    // after a blank row or a group title nothing is carried: those rows say what is missing
    expect(sum.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [9, 'B', '企业名称为空，请填写持有该危险化学品的企业'],
      [11, 'B', '企业名称为空，请填写持有该危险化学品的企业'],
    ])
    const done = await commitSession(core.ctx, s, 'valid-only')
    expect([done.inserted, done.filled]).toEqual([7, 4])
    const chems = await ok<{ rows: Rec[] }>(core, 'chemical.list', { pageSize: 50 })
    const of = Object.fromEntries(chems.rows.map((r) => [r.name, [r.enterpriseName, r.cas]]))
    expect(of).toEqual({
      乙炔: ['青禾五金有限公司', '74-86-2'],
      氧: ['青禾五金有限公司', '7782-44-7'],
      氮: ['青禾五金有限公司', '7727-37-9'],
      液化石油气: ['青禾机械厂', '68476-85-7'],
      // only the parent link is filled: the blank CAS of 乙醛 is not taken from the row above
      乙醛: ['青禾机械厂', '75-07-0'],
      丙酮: ['青禾机械厂', '67-64-1'],
      柴油: ['江南加油站有限公司', '68334-30-5'],
    })
    // the 所属村 came down with the enterprise: one 青禾机械厂, in 西岭村
    const ents = await ok<{ rows: Rec[] }>(core, 'enterprise.list', { pageSize: 50 })
    expect(ents.rows.map((e) => [e.name, e.villageName]).sort()).toEqual([
      ['江南加油站有限公司', '西岭村'],
      ['青禾五金有限公司', '东湖村'],
      ['青禾机械厂', '西岭村'],
    ])
  })

  it('is declared by the spec: a kit child ledger fills its parent link, others fill nothing', () => {
    const units = kitImporter(createRepo(chemUnitSpec), { ledger: 'chemicals', label: '单元' })
    expect(units.fillDown).toEqual([{ field: 'enterpriseId' }])
  })
})
