import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { memoryCore, ok, waitJob } from '../test/helpers'

// A village the import read from the address is stored as a guess (推测) and counted on 工作台
// until a clerk confirms it; records without any village sit under 待补充, counted beside it.

const FILE = path.resolve(__dirname, '../../../tests/fixtures/patterns/roster-no-village.xlsx')

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

interface Row {
  id: number
  version: number
  name: string
  villageName: string
  villageId: number
  villageGuessed: boolean
}
interface Summary {
  toComplete: number
  villageGuessed: number
  queries: Record<'toComplete' | 'villageGuessed', Record<string, unknown>>
}

async function importRoster(c: Core): Promise<void> {
  const { jobId } = await ok<{ jobId: string }>(c, 'excel.startPreview', {
    ledger: 'enterprises',
    fileName: 'roster-no-village.xlsx',
    base64: fs.readFileSync(FILE).toString('base64'),
  })
  const p = await waitJob<{ importId: string }>(c, jobId)
  const commit = await ok<{ jobId: string }>(c, 'excel.commitImport', { importId: p.importId })
  await waitJob(c, commit.jobId)
}

const names = (rows: Row[]) => rows.map((r) => r.name).sort()

describe('所属村 guessed from the address', () => {
  it('is marked on the record and counted on 工作台 until saved or confirmed; each step is in the history', async () => {
    const c = (core = await memoryCore())
    await ok(c, 'village.create', { name: '东湖村' })
    await importRoster(c)

    const sum = await ok<Summary>(c, 'dashboard.summary', {})
    expect(sum).toMatchObject({ toComplete: 3, villageGuessed: 2 })
    // the 工作台 numbers open exactly these lists
    const guessed = await ok<{ rows: Row[] }>(c, 'enterprise.list', sum.queries.villageGuessed)
    expect(names(guessed.rows)).toEqual(['青禾恒达机械有限公司', '青禾顺发建材有限公司'])
    expect(guessed.rows.every((r) => r.villageName === '东湖村' && r.villageGuessed)).toBe(true)
    const toComplete = await ok<{ rows: Row[] }>(c, 'enterprise.list', sum.queries.toComplete)
    expect(names(toComplete.rows)).toEqual(['青禾宏远纺织厂', '青禾永安石材有限公司', '青禾金盛五金店'])
    expect(toComplete.rows.every((r) => r.villageName === '待补充' && !r.villageGuessed)).toBe(true)

    // Saving the record with its village (unchanged) is the clerk's confirmation.
    const [hengda, shunfa] = guessed.rows as [Row, Row]
    const saved = await ok<{ record: Row }>(c, 'enterprise.update', {
      id: hengda.id,
      version: hengda.version,
      data: { villageId: hengda.villageId },
    })
    expect(saved.record).toMatchObject({ villageName: '东湖村', villageGuessed: false })
    const history = await ok<{ changes: { label: string; afterText?: string }[] }[]>(
      c,
      'enterprise.history',
      {
        id: hengda.id,
      },
    )
    expect(history[0]?.changes.map((x) => x.label)).toEqual(['所属村待确认'])

    // 确认所属村 in the list: a bulk write of the mark, recorded like any 批量修改.
    await ok(c, 'enterprise.bulkSet', { ids: [shunfa.id], data: { villageGuessed: false } })
    expect(await ok<Summary>(c, 'dashboard.summary', {})).toMatchObject({ villageGuessed: 0, toComplete: 3 })
    const shunfaHistory = await ok<{ changes: { label: string }[] }[]>(c, 'enterprise.history', {
      id: shunfa.id,
    })
    expect(shunfaHistory[0]?.changes.map((x) => x.label)).toEqual(['批量修改', '所属村待确认'])

    // Moving a 待补充 record to its village takes it off the 待补充 count.
    const hongyuan = toComplete.rows.find((r) => r.name === '青禾宏远纺织厂') as Row
    await ok(c, 'enterprise.update', {
      id: hongyuan.id,
      version: hongyuan.version,
      data: { villageId: hengda.villageId },
    })
    expect(await ok<Summary>(c, 'dashboard.summary', {})).toMatchObject({ villageGuessed: 0, toComplete: 2 })

    // Importing the same file again does not guess again for records that exist.
    await importRoster(c)
    expect(await ok<Summary>(c, 'dashboard.summary', {})).toMatchObject({ villageGuessed: 0 })
  })

  it('editing another field leaves the guess standing', async () => {
    const c = (core = await memoryCore())
    await ok(c, 'village.create', { name: '东湖村' })
    await importRoster(c)
    const { rows } = await ok<{ rows: Row[] }>(c, 'enterprise.list', {
      filters: { villageGuessed: { in: [true] } },
    })
    const r = rows[0] as Row
    const after = await ok<{ record: Row }>(c, 'enterprise.update', {
      id: r.id,
      version: r.version,
      data: { principal: '周敏' },
    })
    expect(after.record.villageGuessed).toBe(true)
  })
})
