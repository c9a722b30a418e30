import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../index'
import { fail, memoryCore, ok, seedLookups } from '../test/helpers'

// 安全生产责任书 with villages and departments through the real core: named by year and signer,
// one record per year, and counted in 统计 with a link to exactly those letters.

interface Letter {
  id: number
  version: number
  title: string
  year: number
  signer: string
}
interface Stat {
  key: string
  value: number | null
  route: { name: string; query: Record<string, string> } | null
}

let core: Core | null = null
afterEach(() => {
  core?.close()
  core = null
})

async function sign(c: Core, data: Record<string, unknown>): Promise<Letter> {
  return (await ok<{ record: Letter }>(c, 'letter.create', { data })).record
}

describe('安全生产责任书', () => {
  it('is named by its year and signer, so next year’s letter with the same village is a new record', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    const a = await sign(core, {
      year: 2025,
      signerType: 'village',
      signer: '东湖村村民委员会',
      villageId: ids.villageId,
      signedOn: '2025-01-10',
    })
    const b = await sign(core, {
      year: '2026',
      signerType: '村',
      signer: '东湖村村民委员会',
      villageId: ids.villageId,
      signedOn: '2026年1月8日',
    })
    expect([a.title, b.title]).toEqual(['2025年度 东湖村村民委员会', '2026年度 东湖村村民委员会'])
    // renaming the signer renames the letter
    const { record } = await ok<{ record: Letter }>(core, 'letter.update', {
      id: a.id,
      version: a.version,
      data: { signer: '东湖社区居民委员会' },
    })
    expect(record.title).toBe('2025年度 东湖社区居民委员会')
    const missing = await fail(core, 'letter.create', { data: { year: 2026, signerType: 'village' } })
    expect(missing.details?.issues?.map((i) => i.field)).toEqual(
      expect.arrayContaining(['signer', 'signedOn']),
    )
  })

  it('counts in 统计 by signing date, village and department letters apart, each opening its list', async () => {
    core = await memoryCore()
    const ids = await seedLookups(core)
    const base = { year: 2026, signedOn: '2026-02-01' }
    await sign(core, { ...base, signerType: 'village', signer: '东湖村村民委员会', villageId: ids.villageId })
    await sign(core, { ...base, signerType: 'village', signer: '西岭村村民委员会', villageId: ids.village2 })
    await sign(core, { ...base, signerType: 'department', signer: '镇农业农村办' })
    await sign(core, { ...base, signedOn: '2025-12-30', signerType: 'department', signer: '镇派出所' })
    const gone = await sign(core, { ...base, signerType: 'department', signer: '镇卫生院' })
    await ok(core, 'letter.remove', { ids: [gone.id] })

    const s = await ok<{ values: Stat[]; summary: string }>(core, 'stats.compute', {
      from: '2026-01-01',
      to: '2026-12-31',
    })
    const v = (k: string) => s.values.find((x) => x.key === k) as Stat
    expect(v('villageLetters').value).toBe(2)
    expect(v('departmentLetters').value).toBe(1)
    expect(s.summary).toContain('2个村（社区）、1个部门和单位签订安全生产责任书')
    // the link is the list of exactly those letters
    const q = v('departmentLetters').route?.query ?? {}
    const listed = await ok<{ rows: Letter[]; total: number }>(core, 'letter.list', {
      filters: {
        signerType: { in: [q['f.signerType']] },
        signedOn: { from: q['f.signedOn.from'], to: q['f.signedOn.to'] },
      },
    })
    expect(listed.rows.map((r) => r.signer)).toEqual(['镇农业农村办'])
  })
})
