import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { excelJs } from '../excel/exceljs'
import { memoryCore, ok, waitJob } from '../test/helpers'

// A filtered export says what it holds: the file and the sheet's title are named after the
// filter the clerk chose in the list, in the list's own words (village names, option labels).

let core: Core | null = null
afterEach(() => core?.close())

async function exported(c: Core, filters?: Record<string, unknown>) {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startExport', {
    ledger: 'enterprises',
    ...(filters ? { filters } : {}),
  })
  const file = await waitJob<{ fileName: string; base64: string }>(c, jobId)
  const wb = new (excelJs().Workbook)()
  await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const villageCol = (ws.getRow(3).values as unknown[]).indexOf('所属村（社区）')
  const villages = new Set<unknown>()
  for (let r = 4; r <= ws.rowCount; r++) villages.add(ws.getRow(r).getCell(villageCol).value)
  return { fileName: file.fileName, title: ws.getCell('A1').value, villages }
}

describe('filtered export names', () => {
  it('names the enterprise export after its village, option and search filters; none without a filter', async () => {
    core = await memoryCore()
    await ok(core, 'demo.load')
    const villages = await ok<{ id: number; name: string }[]>(core, 'village.list')
    const liuxi = villages.find((v) => v.name === '柳溪村')!
    const plain = await exported(core)
    expect(plain.fileName).toBe('企业台账-20261128.xlsx')
    const one = await exported(core, {
      filters: { villageId: { in: [liuxi.id] }, aboveThreshold: { in: [true] } },
      query: '有限公司',
    })
    expect(one.fileName).toBe('企业台账（柳溪村、规上／限上、含“有限公司”）-20261128.xlsx')
    expect(one.title).toBe('青禾镇企业安全生产台账（柳溪村、规上／限上、含“有限公司”）')
    expect([...one.villages]).toEqual(['柳溪村'])
  })

  it('names a list filtered by a value of linked records after it: the chemicals of one village’s enterprises', async () => {
    core = await memoryCore()
    await ok(core, 'demo.load')
    const villages = await ok<{ id: number; name: string }[]>(core, 'village.list')
    const dong = villages.find((v) => v.name === '东湖村')!
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startExport', {
      ledger: 'chemicals',
      filters: { filters: { villageId: { in: [dong.id] } } },
    })
    const file = await waitJob<{ fileName: string }>(core, jobId)
    expect(file.fileName).toMatch(/^危化品台账（东湖村）/)
  })
})
