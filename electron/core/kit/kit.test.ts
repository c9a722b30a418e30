import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fieldMessage, modelFromRecord, validateModel } from '../shared/kit/form'
import { excelJs } from '../excel/exceljs'
import type { Core } from '../index'
import { LEDGER_REPOS } from '../ledgers'
import { ledgerSpecSchema, type FieldSpec } from '../shared/kit/spec'
import { enterpriseSpec } from '../shared/specs/enterprise'
import { fail, memoryCore, ok, seedLookups, waitJob } from '../test/helpers'
import { mergeHandlers } from './handlers'
import { hazardSpec } from '../shared/specs/hazard'
import { KINDS } from '../shared/kit/kinds'

let core: Core
let ids: { villageId: number; village2: number; industryId: number }

beforeEach(async () => {
  core = await memoryCore()
  ids = await seedLookups(core)
})
afterEach(() => core.close())

type Rec = Record<string, unknown> & { id: number; version: number }

/** Imports a real .xlsx with the given header → cell columns (plus 企业名称 and 所属村). */
async function importRow(name: string, cells: Record<string, unknown>) {
  const wb = new (excelJs().Workbook)()
  const ws = wb.addWorksheet('企业台账')
  const headers = ['企业名称', '所属村（社区）', ...Object.keys(cells)]
  ws.addRow(headers)
  ws.addRow([name, '东湖村', ...Object.values(cells)])
  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
    ledger: 'enterprises',
    fileName: 'kinds.xlsx',
    base64: bytes.toString('base64'),
  })
  const p = await waitJob<{ importId: string; errors: { message: string }[] }>(core, jobId)
  const c = await ok<{ jobId: string }>(core, 'excel.commitImport', { importId: p.importId })
  await waitJob(core, c.jobId)
  return p.errors
}

async function byName(name: string): Promise<Rec> {
  const r = await ok<{ rows: Rec[] }>(core, 'enterprise.list', { query: name })
  const hit = r.rows.find((x) => x.name === name)
  if (!hit) throw new Error(`${name} not stored`)
  // the list masks phones; the record itself is whole
  return ok<Rec>(core, 'enterprise.get', { id: hit.id })
}

// One row per kind: what a clerk types (form), sends (API) or has in a cell (Excel), and the one
// value each path must store. The same clean-up runs in all three.
const KIND_TABLE: {
  kind: string
  field: string
  header: string
  input: unknown
  cell?: unknown
  stored: unknown
}[] = [
  {
    kind: 'text',
    field: 'address',
    header: '地址',
    input: '  青禾镇\u200b兴业路\u202e88号 ',
    stored: '青禾镇兴业路88号',
  },
  {
    kind: 'longText',
    field: 'notes',
    header: '备注',
    input: '第一行\r\n第二行\u0000',
    stored: '第一行\n第二行',
  },
  { kind: 'people', field: 'principal', header: '主要负责人', input: '张三 / 李四', stored: '张三、李四' },
  {
    kind: 'phones',
    field: 'principalPhone',
    header: '主要负责人电话',
    input: '138-1234-5678、(0571)87654321',
    stored: '13812345678、0571-87654321',
  },
  {
    kind: 'creditCode',
    field: 'creditCode',
    header: '统一社会信用代码',
    input: '９１４４０３００７１５２６７２６ｘｇ',
    stored: '9144030071526726XG',
  },
  { kind: 'enum', field: 'riskLevel', header: '风险等级', input: '橙色', stored: 'high' },
  {
    kind: 'flags',
    field: 'flags',
    header: '重点行业领域',
    input: '粉尘、有限空间作业',
    stored: ['dust', 'confinedSpace'],
  },
  { kind: 'int', field: 'employees', header: '从业人数', input: '约50人', cell: '50余人', stored: 50 },
  {
    kind: 'date',
    field: 'establishedDate',
    header: '成立日期',
    input: '2019年3月5日',
    cell: 43529,
    stored: '2019-03-05',
  },
  {
    kind: 'year',
    field: 'responsibilityLetterYear',
    header: '责任书签订年度',
    input: '2025年度',
    stored: 2025,
  },
  { kind: 'yesNo', field: 'aboveThreshold', header: '规上/限上', input: '√', stored: true },
  // a cell that wrapped a name, a landline with its extension, an Excel date as a serial in text
  {
    kind: 'text',
    field: 'address',
    header: '地址',
    input: '青禾镇\n兴业路 88号',
    stored: '青禾镇兴业路 88号',
  },
  {
    kind: 'phones',
    field: 'contactPhone',
    header: '单位电话',
    input: '0571-88886666转8001',
    stored: '0571-88886666-8001',
  },
  { kind: 'date', field: 'establishedDate', header: '成立日期', input: '45678', stored: '2025-01-21' },
]

describe('field kinds: form, handler and importer store the same value', () => {
  it.each(KIND_TABLE)('$kind ($field): $input', async (row) => {
    const f = (enterpriseSpec.fields as readonly FieldSpec[]).find((x) => x.key === row.field) as FieldSpec
    expect(f.kind).toBe(row.kind)
    // 1. the form's clean-up (what the dialog validates and would send)
    const form = validateModel(enterpriseSpec, {
      name: '表单企业',
      villageId: ids.villageId,
      [row.field]: row.input,
    })
    expect(form.ok && form.value[row.field]).toEqual(row.stored)
    // 2. the handler, from the raw text a client sends
    await ok(core, 'enterprise.create', {
      data: { name: '接口企业有限公司', villageId: ids.villageId, [row.field]: row.input },
    })
    expect((await byName('接口企业有限公司'))[row.field]).toEqual(row.stored)
    // 3. the importer, from a real .xlsx cell
    const errors = await importRow('导入企业有限公司', { [row.header]: row.cell ?? row.input })
    expect(errors).toEqual([])
    expect((await byName('导入企业有限公司'))[row.field]).toEqual(row.stored)
  })

  it('refuses the same bad values everywhere with the same Chinese message', async () => {
    const bad = { creditCode: '9144030071526726XA', principalPhone: '1381234567', riskLevel: '紫色' }
    for (const [field, value] of Object.entries(bad)) {
      const form = fieldMessage(enterpriseSpec, { [field]: value }, field)
      const err = await fail(core, 'enterprise.create', {
        data: { name: '错误企业有限公司', villageId: ids.villageId, [field]: value },
      })
      expect(err.details?.issues?.find((i) => i.field === field)?.message).toBe(form)
    }
    expect(fieldMessage(enterpriseSpec, { creditCode: '9144030071526726XA' }, 'creditCode')).toBe(
      '统一社会信用代码第18位校验码应为 G，请核对营业执照',
    )
    expect(fieldMessage(enterpriseSpec, { riskLevel: '紫色' }, 'riskLevel')).toContain(
      '可填写：重大风险（红）',
    )
  })

  it('a count that is a band, negative, a fraction or an exponent is refused, never changed', async () => {
    const cases: [unknown, RegExp][] = [
      ['100-499人', /从业人数“100-499人”是一个范围/],
      ['-5', /从业人数不能为负数/],
      ['3.7', /从业人数应为整数/],
      ['1e10', /从业人数“1e10”是科学计数法/],
    ]
    for (const [value, message] of cases) {
      expect(fieldMessage(enterpriseSpec, { employees: value }, 'employees')).toMatch(message)
      const err = await fail(core, 'enterprise.create', {
        data: { name: '人数企业有限公司', villageId: ids.villageId, employees: value },
      })
      expect(err.details?.issues?.find((i) => i.field === 'employees')?.message).toMatch(message)
    }
    // the importer keeps the row: 从业人数 empty, the band in 备注, a warning on the cell
    const wb = new (excelJs().Workbook)()
    const ws = wb.addWorksheet('企业台账')
    ws.addRow(['企业名称', '所属村（社区）', '从业人数', '法定代表人'])
    ws.addRow(['区间企业有限公司', '东湖村', '100-499人', new Date(Date.UTC(2025, 6, 26))])
    const { jobId } = await ok<{ jobId: string }>(core, 'excel.startPreview', {
      ledger: 'enterprises',
      fileName: 'bands.xlsx',
      base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
    })
    const p = await waitJob<{ importId: string; warnings: { column: string; message: string }[] }>(
      core,
      jobId,
    )
    expect(p.warnings.map((w) => w.column)).toEqual(['C', 'D'])
    expect(p.warnings[1]?.message).toMatch(/法定代表人是一个日期（2025-07-26）/)
    await waitJob(
      core,
      (await ok<{ jobId: string }>(core, 'excel.commitImport', { importId: p.importId })).jobId,
    )
    const rec = await byName('区间企业有限公司')
    expect([rec.employees, rec.legalRepresentative]).toEqual([null, null])
    expect(rec.notes).toBe('从业人数：100-499人；法定代表人：2025-07-26')
  })

  it('placeholders are empty in optional fields, but 无 is an answer in a yes/no field', () => {
    const r = validateModel(enterpriseSpec, {
      name: '某某有限公司',
      villageId: 1,
      address: '—',
      principalPhone: '/',
      employees: '暂无',
      aboveThreshold: '无',
    })
    expect(
      r.ok && [r.value.address, r.value.principalPhone, r.value.employees, r.value.aboveThreshold],
    ).toEqual([null, null, null, false])
  })

  it('limits text length the same in form and API', async () => {
    const long = '长'.repeat(101)
    expect(fieldMessage(enterpriseSpec, { name: long }, 'name')).toBe(
      '企业名称不能超过100个字（现有101个字），请删减',
    )
    const err = await fail(core, 'enterprise.create', { data: { name: long, villageId: ids.villageId } })
    expect(err.details?.issues?.[0]?.message).toBe('企业名称不能超过100个字（现有101个字），请删减')
  })
})

describe('patch updates', () => {
  it('saving a form that changed only the phone leaves 成立日期 and every other field as they were', async () => {
    const { record } = await ok<{ record: Rec }>(core, 'enterprise.create', {
      data: {
        name: '华兴机械有限公司',
        villageId: ids.villageId,
        establishedDate: '2019-03-05',
        principalPhone: '13812345678',
        responsibilityLetterDate: '2026-02-10',
      },
    })
    // What the form does: load, change one input, send the changed fields only.
    const model = modelFromRecord(enterpriseSpec, record)
    model.principalPhone = '13900001111'
    const changed = Object.keys(model).filter(
      (k) => JSON.stringify(model[k]) !== JSON.stringify(modelFromRecord(enterpriseSpec, record)[k]),
    )
    expect(changed).toEqual(['principalPhone'])
    await ok(core, 'enterprise.update', {
      id: record.id,
      version: record.version,
      data: { principalPhone: model.principalPhone },
    })
    const after = await ok<Rec>(core, 'enterprise.get', { id: record.id })
    expect(after).toMatchObject({
      establishedDate: '2019-03-05',
      principalPhone: '13900001111',
      responsibilityLetterYear: 2026,
    })
    const history = await ok<{ action: string; changes: { field: string }[] }[]>(core, 'enterprise.history', {
      id: record.id,
    })
    expect(history[0]?.changes.map((c) => c.field)).toEqual(['principalPhone'])
  })

  it('refuses fields the ledger does not have instead of ignoring them', async () => {
    const { record } = await ok<{ record: Rec }>(core, 'enterprise.create', {
      data: { name: '华兴机械有限公司', villageId: ids.villageId },
    })
    const err = await fail(core, 'enterprise.update', {
      id: record.id,
      version: 1,
      data: { foundedOn: '2019-01-01' },
    })
    expect(err.message).toContain('“foundedOn”不是企业的字段')
  })

  it('a signing date sets the 责任书 year; the year alone stays possible', async () => {
    const { record } = await ok<{ record: Rec }>(core, 'enterprise.create', {
      data: { name: '华兴机械有限公司', villageId: ids.villageId, responsibilityLetterYear: 2025 },
    })
    expect(record.responsibilityLetterYear).toBe(2025)
    const r = await ok<{ record: Rec }>(core, 'enterprise.update', {
      id: record.id,
      version: 1,
      data: { responsibilityLetterDate: '2026.3.1' },
    })
    expect(r.record).toMatchObject({ responsibilityLetterDate: '2026-03-01', responsibilityLetterYear: 2026 })
  })

  it('批量修改 sets one field on many records and each history says so', async () => {
    const made: number[] = []
    for (const name of ['甲厂有限公司', '乙厂有限公司', '丙厂有限公司'])
      made.push(
        (await ok<{ record: Rec }>(core, 'enterprise.create', { data: { name, villageId: ids.villageId } }))
          .record.id,
      )
    const r = await ok<{ changed: number }>(core, 'enterprise.bulkSet', {
      ids: made,
      data: { villageId: ids.village2 },
    })
    expect(r.changed).toBe(3)
    for (const id of made) {
      expect((await ok<Rec>(core, 'enterprise.get', { id })).villageName).toBe('西岭村')
      const h = await ok<{ action: string; changes: { field: string; afterText: string }[] }[]>(
        core,
        'enterprise.history',
        { id },
      )
      expect(h[0]).toMatchObject({
        action: 'update',
        changes: [
          { label: '批量修改', after: '同时修改 3 条' },
          { field: 'villageId', afterText: '西岭村' },
        ],
      })
    }
  })
})

describe('Chinese order and search', () => {
  beforeEach(async () => {
    for (const name of [
      '中兴五金有限公司',
      '阿里塑料有限公司',
      '利民塑料有限公司',
      '李明机械厂',
      'ABC贸易有限公司',
      '北辰化工有限公司',
    ])
      await ok(core, 'enterprise.create', { data: { name, villageId: ids.villageId } })
  })

  it('sorts names in pinyin order as Intl.Collator("zh-CN") does, not by code point', async () => {
    const r = await ok<{ rows: Rec[] }>(core, 'enterprise.list', { sort: { field: 'name', order: 'asc' } })
    const names = r.rows.map((x) => String(x.name))
    const zh = names.filter((n) => /^[\u4e00-\u9fff]/.test(n))
    expect(zh).toEqual([...zh].sort(new Intl.Collator('zh-CN').compare))
    expect(zh).toEqual([
      '阿里塑料有限公司',
      '北辰化工有限公司',
      '李明机械厂',
      '利民塑料有限公司',
      '中兴五金有限公司',
    ])
    // names with Latin letters take the collator's place too
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare))
  })

  it('finds names by pinyin initials and by full pinyin', async () => {
    const find = async (query: string) =>
      (await ok<{ rows: Rec[] }>(core, 'enterprise.list', { query })).rows.map((x) => x.name)
    expect(await find('lmsl')).toEqual(['利民塑料有限公司'])
    expect(await find('liminsu')).toEqual(['利民塑料有限公司'])
    // full pinyin is a substring search: limin also finds 李明 (liming)
    expect(await find('limin')).toEqual(expect.arrayContaining(['利民塑料有限公司', '李明机械厂']))
    expect(await find('LMSL')).toEqual(['利民塑料有限公司'])
  })

  it('reads characters of several readings in context, and ü as v (长乐 chang le, 银行 yin hang, 绿 lv)', async () => {
    await ok(core, 'enterprise.create', { data: { name: '长乐绿源银行', villageId: ids.villageId } })
    const find = async (query: string) =>
      (await ok<{ rows: Rec[] }>(core, 'enterprise.list', { query })).rows.map((x) => x.name)
    expect(await find('cllyyh')).toEqual(['长乐绿源银行'])
    expect(await find('changlelvyuanyinhang')).toEqual(['长乐绿源银行'])
    expect(await find('zhangyue')).toEqual([])
  })

  it('renaming keeps the pinyin key and the search index in step', async () => {
    const hit = await byName('北辰化工有限公司')
    await ok(core, 'enterprise.update', {
      id: hit.id,
      version: hit.version,
      data: { name: '东湖化工有限公司' },
    })
    const q = async (query: string) => (await ok<{ total: number }>(core, 'enterprise.list', { query })).total
    expect(await q('dhhg')).toBe(1)
    expect(await q('bchg')).toBe(0)
  })
})

describe('the spec is plain, checked data', () => {
  it('every built-in spec passes the meta-schema, also after a JSON round trip (as a stored row would)', () => {
    for (const repo of LEDGER_REPOS) {
      expect(ledgerSpecSchema.safeParse(repo.spec).success).toBe(true)
      expect(ledgerSpecSchema.safeParse(JSON.parse(JSON.stringify(repo.spec))).success).toBe(true)
    }
  })

  it('the meta-schema refuses a spec that would break the kit', () => {
    const bad = JSON.parse(JSON.stringify(enterpriseSpec)) as {
      fields: Record<string, unknown>[]
      identity: string[]
    }
    bad.fields.push({ ...bad.fields[0], key: 'name' })
    bad.identity = ['nothere']
    const r = ledgerSpecSchema.safeParse(bad)
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('duplicate field name')
    expect(JSON.stringify(r.error?.issues)).toContain('unknown field nothere')
    // a guess mark is a yes/no field naming a link (所属村待确认 → 所属村)
    const guess = JSON.parse(JSON.stringify(enterpriseSpec)) as { fields: Record<string, unknown>[] }
    const mark = guess.fields.find((f) => f.guessOf) as Record<string, unknown>
    mark.guessOf = 'name'
    expect(JSON.stringify(ledgerSpecSchema.safeParse(guess).error?.issues)).toContain(
      'guessOf is a yesNo field naming a ref field',
    )
  })

  it('the meta-schema checks presets, the rank and linked filters as data', () => {
    const spec = JSON.parse(JSON.stringify(hazardSpec)) as {
      presets: { key: string; when: Record<string, unknown>[][]; shows?: unknown }[]
      rank: { presets: string[] }
      linkedFilters: { via: { field: string }[] }[]
    }
    expect(ledgerSpecSchema.safeParse(spec).success).toBe(true)
    spec.presets[0]!.when[0]![0] = { field: 'nothere', op: 'eq', value: 'x' }
    spec.presets[1]!.when[0]![0] = { field: 'deadline', op: 'in', value: { today: 0 } }
    spec.presets[2]!.shows = { field: 'status', value: 'purple' }
    spec.rank.presets.push('nope')
    spec.linkedFilters[0]!.via[0]!.field = 'description'
    const issues = JSON.stringify(ledgerSpecSchema.safeParse(spec).error?.issues)
    expect(issues).toContain('preset overdue: unknown field nothere')
    expect(issues).toContain('preset dueSoon: deadline in has the wrong value')
    expect(issues).toContain('preset reviewDue: shows an option of an enum field')
    expect(issues).toContain('rank: unknown preset nope')
    expect(issues).toContain('linked filter villageId: description is not a link')
    // a relative date is a number of days, never SQL
    const sql = JSON.parse(JSON.stringify(hazardSpec)) as typeof spec
    sql.presets[0]!.when[0]![0] = {
      field: 'deadline',
      op: 'lt',
      value: { today: "0'); DROP TABLE hazards; --" },
    }
    expect(ledgerSpecSchema.safeParse(sql).success).toBe(false)
  })

  it('schema guard: each spec’s columns are exactly its table’s columns (names, types, NOT NULL)', () => {
    for (const repo of LEDGER_REPOS) {
      const table = core.ctx.db.prepare(`PRAGMA table_info(${repo.spec.table})`).all() as {
        name: string
        type: string
        notnull: number
      }[]
      const fromDb = table.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 }))
      const fromSpec = repo.columns().map((c) => ({ ...c, notNull: c.name === 'id' ? false : c.notNull }))
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
      expect([...fromSpec].sort(byName)).toEqual([...fromDb].sort(byName))
    }
  })

  it('a bulk import stores every field as a form save does (every built-in ledger, every kind)', () => {
    // The importer encodes new records by position (kinds' `encode`); a save goes through `toDb`.
    const samples: Record<string, unknown[]> = {
      text: ['长乐利民塑料有限公司'],
      longText: ['租赁厂房\n二楼'],
      people: ['张三、李四'],
      phones: ['13800000000、0599-5000001'],
      creditCode: ['91350100MA2XXXXX0X'],
      cas: ['7664-41-7'],
      int: [0, 50],
      decimal: [2.5],
      date: ['2025-07-17'],
      year: [2025],
      yesNo: [true, false],
      ref: [3],
    }
    let fields = 0
    for (const repo of LEDGER_REPOS) {
      const encoder = repo.rowEncoder()
      for (const f of repo.spec.fields as FieldSpec[]) {
        const kind = KINDS[f.kind]
        const options = (f.options ?? []).map((o) => o.value)
        const values =
          f.kind === 'flags'
            ? [options, options.slice(0, 1)]
            : f.kind === 'enum'
              ? options
              : (samples[f.kind] ?? expect.fail(`no sample for ${f.kind}`))
        for (const v of [kind.empty(f), ...(f.default === undefined ? [] : [f.default]), ...values]) {
          const record = Object.fromEntries(
            (repo.spec.fields as FieldSpec[]).map((g) => [g.key, KINDS[g.kind].empty(g)]),
          )
          record[f.key] = v
          const saved = repo.toDb(record)
          expect(encoder.encode(record), `${repo.spec.key}.${f.key} = ${JSON.stringify(v)}`).toEqual(
            encoder.columns.map((c) => saved[c] ?? null),
          )
        }
        fields++
      }
    }
    expect(fields).toBeGreaterThan(100)
  })

  it('a handler name defined twice stops the program at start-up', () => {
    const h = { input: null as never, run: () => null }
    expect(() => mergeHandlers({ 'enterprise.list': h }, { 'enterprise.list': h })).toThrow(
      'handler enterprise.list is defined twice',
    )
  })
})

describe('migration 0005 (企业规模 split, 责任书签订日期, pinyin keys)', () => {
  it('moves 规模以上/限额以上 to the 规上/限上 flag, keeps 小微, and fills the pinyin key at start', async () => {
    const { default: path } = await import('node:path')
    const { openDatabase } = await import('../db/open')
    const { MIGRATIONS } = await import('../db/migrations')
    const { createCore } = await import('../index')
    const { tempDir } = await import('../test/helpers')
    const dir = tempDir()
    const file = path.join(dir, 'ledger.sqlite')
    const old = await openDatabase({
      file,
      now: () => new Date(),
      migrations: MIGRATIONS.filter((m) => m.version <= 4),
    })
    old.exec("INSERT INTO villages(name, sort_order, created_at) VALUES ('东湖村', 1, '2026-01-01')")
    const ins = old.prepare(
      "INSERT INTO enterprises(name, village_id, scale, created_at, updated_at) VALUES (?, 1, ?, '2026-01-01', '2026-01-01')",
    )
    ins.run('规上企业有限公司', 'above-size')
    ins.run('限上商贸有限公司', 'above-quota')
    ins.run('小微商店', 'small-micro')
    ins.run('未填规模厂', null)
    old.close()

    const c = await createCore({ dataDir: dir, now: () => new Date() })
    try {
      const rows = (
        await ok<{ rows: Rec[] }>(c, 'enterprise.list', { sort: { field: 'name', order: 'asc' } })
      ).rows
      const by = Object.fromEntries(rows.map((r) => [r.name, [r.scale, r.aboveThreshold]]))
      expect(by).toEqual({
        规上企业有限公司: [null, true],
        限上商贸有限公司: [null, true],
        小微商店: ['small-micro', false],
        未填规模厂: [null, false],
      })
      // pinyin search works on rows the migration could not key (filled when the program started)
      expect((await ok<{ total: number }>(c, 'enterprise.list', { query: 'xwsd' })).total).toBe(1)
    } finally {
      c.close()
    }
  })
})

describe('一户一档', () => {
  it('counts every linked record, and each link opens a list with exactly that many', async () => {
    await ok(core, 'demo.load')
    const [eid] = core.ctx.db
      .prepare('SELECT enterprise_id FROM hazards GROUP BY enterprise_id ORDER BY count(*) DESC LIMIT 1')
      .pluck()
      .all() as number[]
    const d = await ok<{
      record: Rec
      links: {
        key: string
        total: number
        open: { count: number } | null
        route: { name: string; query: Record<string, string> }
      }[]
    }>(core, 'enterprise.dossier', { id: eid })
    expect(d.record.id).toBe(eid)
    const by = Object.fromEntries(d.links.map((l) => [l.key, l]))
    expect(by.hazards?.total).toBeGreaterThan(0)
    // the list each card opens, with the filter the card carries
    const hazards = await ok<{ total: number }>(core, 'hazard.list', {
      filters: { enterpriseId: { in: [Number(by.hazards?.route.query['f.enterpriseId'])] } },
    })
    expect(hazards.total).toBe(by.hazards?.total)
    const open = await ok<{ total: number }>(core, 'hazard.list', {
      filters: {
        enterpriseId: { in: [eid] },
        status: { in: ['pending', 'rectifying', 'awaiting_review', 'overdue', 'referred'] },
      },
    })
    expect(open.total).toBe(by.hazards?.open?.count)
    const inspections = await ok<{ total: number }>(core, 'inspection.list', { enterpriseIds: [eid] })
    expect(inspections.total).toBe(by.inspections?.total)
    const documents = await ok<{ rows: { enterpriseName: string }[]; total: number }>(core, 'document.list', {
      query: by.documents?.route.query.q,
      pageSize: 100,
    })
    expect(documents.rows.filter((r) => r.enterpriseName === d.record.name).length).toBe(by.documents?.total)
  })
})

describe('search with full-width characters', () => {
  it('finds Chinese punctuation as typed, and full-width letters as the ASCII ones stored', async () => {
    for (const [name, address] of [
      ['青禾（东湖）机械有限公司', '兴业路：8号'],
      ['青禾ABC塑料有限公司', '滨河路18号'],
    ])
      await ok(core, 'enterprise.create', { data: { name, villageId: ids.villageId, address } })
    const found = async (query: string) =>
      (await ok<{ rows: { name: string }[] }>(core, 'enterprise.list', { query })).rows.map((r) => r.name)
    expect(await found('（东湖）')).toEqual(['青禾（东湖）机械有限公司'])
    expect(await found('）机')).toEqual(['青禾（东湖）机械有限公司'])
    expect(await found('路：8')).toEqual(['青禾（东湖）机械有限公司'])
    expect(await found('ＡＢＣ')).toEqual(['青禾ABC塑料有限公司'])
    expect(await found('ａｂ')).toEqual(['青禾ABC塑料有限公司'])
  })
})

describe('一户一档 of an enterprise with hazardous chemicals', () => {
  it('counts its units, chemicals and licences as their lists do, and not what is in 回收站', async () => {
    await ok(core, 'demo.load')
    const eid = core.ctx.db
      .prepare(
        `SELECT c.enterprise_id FROM chemicals c JOIN chem_licences l ON l.enterprise_id = c.enterprise_id
          GROUP BY c.enterprise_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .pluck()
      .get() as number
    type Link = { key: string; total: number; route: { name: string; query: Record<string, string> } }
    const links = async () =>
      Object.fromEntries(
        (await ok<{ links: Link[] }>(core, 'enterprise.dossier', { id: eid })).links.map((l) => [l.key, l]),
      )
    const by = await links()
    const listed = async (name: string, enterpriseId: string | undefined) =>
      (
        await ok<{ total: number; rows: { id: number; version: number }[] }>(core, name, {
          filters: { enterpriseId: { in: [Number(enterpriseId)] } },
          pageSize: 500,
        })
      ).rows
    const units = await listed('chemUnit.list', by.chemUnits?.route.query.enterpriseId)
    const chemicals = await listed('chemical.list', by.chemicals?.route.query['f.enterpriseId'])
    const licences = await listed('chemLicence.list', by.chemLicences?.route.query['f.enterpriseId'])
    expect(chemicals.length).toBeGreaterThan(1)
    expect([by.chemUnits?.total, by.chemicals?.total, by.chemLicences?.total]).toEqual([
      units.length,
      chemicals.length,
      licences.length,
    ])
    // each card opens its page of the 危化品 module: the units with their grade, the chemical and
    // licence lists filtered to this enterprise
    expect(by.chemUnits?.route).toMatchObject({ name: 'chemicals', query: { tab: 'units' } })
    expect(by.chemicals?.route.name).toBe('chemical-list')
    expect(by.chemLicences?.route.name).toBe('chem-licences')
    await ok(core, 'chemical.remove', { ids: [chemicals[0]!.id] })
    expect((await links()).chemicals?.total).toBe(chemicals.length - 1)
  })
})

describe('一户一档 of an enterprise that is a fireworks outlet', () => {
  it('counts its outlets as the 烟花爆竹 list filtered to it shows them, and opens that list', async () => {
    await ok(core, 'demo.load')
    const eid = core.ctx.db
      .prepare('SELECT enterprise_id FROM fireworks_outlets WHERE enterprise_id IS NOT NULL LIMIT 1')
      .pluck()
      .get() as number
    type Link = { key: string; total: number; route: { name: string; query: Record<string, string> } }
    const dossier = await ok<{ links: Link[] }>(core, 'enterprise.dossier', { id: eid })
    const link = dossier.links.find((l) => l.key === 'fireworksOutlets')
    expect(link?.route.name).toBe('fireworks')
    const listed = await ok<{ total: number; rows: { enterpriseName: string }[] }>(
      core,
      'fireworksOutlet.list',
      {
        filters: { enterpriseId: { in: [Number(link?.route.query['f.enterpriseId'])] } },
      },
    )
    const name = (await ok<{ name: string }>(core, 'enterprise.get', { id: eid })).name
    expect(listed.total).toBeGreaterThan(0)
    expect(link?.total).toBe(listed.total)
    expect(listed.rows.map((r) => r.enterpriseName)).toEqual(listed.rows.map(() => name))
  })
})

describe('责任书签订日期 through the importer', () => {
  it('a signing-date column keeps the date and sets the year; a plain year column keeps the year', async () => {
    const errors = await importRow('签订日期企业有限公司', { 责任书签订日期: '2025.6.29' })
    expect(errors).toEqual([])
    expect(await byName('签订日期企业有限公司')).toMatchObject({
      responsibilityLetterDate: '2025-06-29',
      responsibilityLetterYear: 2025,
    })
    await importRow('签订年度企业有限公司', { 责任书签订年度: 2026 })
    expect(await byName('签订年度企业有限公司')).toMatchObject({
      responsibilityLetterDate: null,
      responsibilityLetterYear: 2026,
    })
  })
})

describe('a name written with its numbers', () => {
  it('“王建国 13608865162” under 负责人及联系电话 fills 主要负责人 and the phone; a 主要负责人 column of its own wins', async () => {
    expect(await importRow('人号同格企业有限公司', { 主要负责人及联系电话: '王建国 136-0886-5162' })).toEqual(
      [],
    )
    expect(await byName('人号同格企业有限公司')).toMatchObject({
      principal: '王建国',
      principalPhone: '13608865162',
    })
    await importRow('两列企业有限公司', { 主要负责人: '李四', 负责人及联系电话: '李利民/0571-88886666' })
    expect(await byName('两列企业有限公司')).toMatchObject({
      principal: '李四',
      principalPhone: '0571-88886666',
    })
  })
})

describe('脱敏导出', () => {
  it('masks phones only when asked; the default export keeps them whole so it imports back', async () => {
    const { excelJs: xl } = await import('../excel/exceljs')
    await ok(core, 'enterprise.create', {
      data: {
        name: '华兴机械有限公司',
        villageId: ids.villageId,
        principalPhone: '13812345678',
        contactPhone: '0571-87654321',
      },
    })
    const cells = async (masked: boolean) => {
      const { jobId } = await ok<{ jobId: string }>(core, 'excel.startExport', {
        ledger: 'enterprises',
        masked,
      })
      const file = await waitJob<{ fileName: string; base64: string }>(core, jobId)
      const wb = new (xl().Workbook)()
      await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
      const ws = wb.worksheets[0]!
      const header = ws.getRow(3).values as unknown[]
      const at = (label: string) => ws.getRow(4).getCell(header.indexOf(label)).value
      return { fileName: file.fileName, phone: at('主要负责人电话'), office: at('单位电话') }
    }
    expect(await cells(false)).toMatchObject({ phone: '13812345678', office: '0571-87654321' })
    const masked = await cells(true)
    expect(masked.fileName).toMatch(/^企业台账（脱敏）-\d{8}\.xlsx$/)
    // the principal's mobile is personal (sensitive in the spec); the office line is not
    expect(masked).toMatchObject({ phone: '138****5678', office: '0571-87654321' })
  })
})

describe('list pages', () => {
  it('every sort, both directions, filtered or searched: the pages together are the whole list in order', async () => {
    await ok(core, 'demo.load')
    const db = core.ctx.db
    // some empty values, two villages that sort alike, and records in the 回收站
    db.exec(`UPDATE enterprises SET risk_level = NULL, employees = NULL, principal = NULL WHERE id % 7 = 0`)
    db.exec(`UPDATE villages SET sort_order = 3 WHERE sort_order = 4`)
    await ok(core, 'enterprise.remove', { ids: [3, 10, 11] })
    const repo = LEDGER_REPOS.find((r) => r.spec.key === 'enterprise')!
    // two more copies (without codes, a few with a later 更新时间): deep pages, names that share
    // their first characters across page boundaries
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('enterprises') as string[])
      .filter((c) => !['id', 'name', 'name_py', 'credit_code'].includes(c))
      .join(', ')
    for (const k of [1, 2])
      db.prepare(
        `INSERT INTO enterprises(name, ${cols}) SELECT name || ?, ${cols} FROM enterprises WHERE name NOT GLOB '*[0-9]'`,
      ).run(String(k))
    db.exec(`UPDATE enterprises SET updated_at = '2026-12-01T08:00:00.000Z' WHERE id % 5 = 0`)
    repo.backfill(core.ctx)
    const sortable = [
      ...enterpriseSpec.fields.filter((f) => 'list' in f && f.list.sortable).map((f) => f.key),
      'updatedAt',
    ]
    const queries = [
      {},
      { filters: { riskLevel: { in: ['high', 'medium'] } } },
      { query: '安' },
      { deleted: true },
      { query: '安 有', filters: { status: { in: ['operating'] } } },
    ]
    for (const field of sortable)
      for (const order of ['asc', 'desc'] as const)
        for (const q of queries) {
          const sort = { field, order }
          const expected = [...repo.iterate(core.ctx, { ...q, sort })].map((r) => r.id)
          const got: number[] = []
          let total = -1
          for (let page = 1; page <= Math.ceil(expected.length / 50) + 1; page++) {
            const r = await ok<{ rows: Rec[]; total: number }>(core, 'enterprise.list', {
              ...q,
              sort,
              page,
              pageSize: 50,
            })
            got.push(...r.rows.map((x) => x.id))
            total = r.total
          }
          expect({ field, order, q, ids: got }).toEqual({ field, order, q, ids: expected })
          expect(total).toBe(expected.length)
        }
  }, 60_000)
})
