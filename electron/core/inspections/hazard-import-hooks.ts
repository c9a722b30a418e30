import type { CellValue } from '../excel/grid'
import { EnterpriseIndex, enterpriseAdder } from '../excel/enterprise-match'
import { recordWords, type LedgerImporter } from '../excel/ledgers/plugin'
import type { LedgerField } from '../excel/ledgers/types'
import { isEmpty, type Normalized } from '../excel/normalize'
import { headingName } from '../excel/header'
import { kitImporter, type ImportHooks, type KitRow } from '../kit/excel'
import { KINDS } from '../shared/kit/kinds'
import { matchOption } from '../shared/kit/kinds/common'
import type { FieldSpec } from '../shared/kit/spec'
import type { HazardGrade, HazardStatus } from './fields'
import { defaultGradeWords, getGradeWords, type GradeWords } from './grade-words'
import { hazardRepo } from './ledger'
import { calendar } from '../duty/roster-repo'
import { addDays } from '../shared/dates'

// The hazard ledger's import rules beside its spec; columns, mapping, clean-up, upsert, history
// and undo are the kit's (kit/excel.ts). A row names its enterprise: one the roster does not have
// yet is added (to the village the row names, or 待补充) and reported, one written another way is
// offered as a near match. 整改情况 / 销号情况 words and the dates become a status; 立即整改 is a
// deadline of the day found. Identity of a hazard: enterprise + date found + description.

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value })

/** Words in a 整改期限 column meaning "on the spot": the deadline is the day it was found. */
const IMMEDIATE = 'immediate'
const IMMEDIATE_WORDS = /^(立即|立刻|马上|当场|现场|即时|当天|当日)/
/**
 * A period instead of a date (限期7天, 15日内, 3个工作日): counted from the 检查日期 in planRow,
 * working days by the office's holiday calendar. Read as "days:7" / "workdays:3".
 */
const PERIOD_WORDS =
  /^(?:限期?|期限)?\s*(\d{1,3})\s*(?:个)?\s*(天|日|工作日)\s*(?:内|之内|以内)?\s*(?:整改|完成|整改完成|整改到位)?$/
function periodOf(v: CellValue): string | null {
  if (typeof v !== 'string') return null
  const m = PERIOD_WORDS.exec(v.trim())
  if (!m || Number(m[1]) < 1) return null
  return `${m[2] === '工作日' ? 'workdays' : 'days'}:${Number(m[1])}`
}

/** Names that end like a unit a hazard can be filed under (a company, a shop, a school …). */
const UNIT_NAME =
  /(公司|厂|店|站|场|中心|学校|幼儿园|医院|卫生院|合作社|超市|酒店|宾馆|饭店|餐馆|商行|经营部|门市部|工作室|作坊|矿|馆|所|院)$/

/**
 * The audited unit a group heading or a sheet's name gives rows without an enterprise column
 * ("一、青禾县宏达五金制品有限公司（2处）", a sheet per enterprise): a name of the roster, or one that
 * ends like a unit's name; null otherwise ("检查情况", "2025年").
 */
function unitFromContext(
  enterprises: EnterpriseIndex,
  context: { why: string; text: string }[] | undefined,
): { why: string; text: string; name: string } | null {
  for (const c of context ?? []) {
    if (c.why === '表格标题') continue // (a title naming the unit is read by the spec's fromTitle)
    const name = headingName(c.text)
      .replace(/[:：]$/, '')
      .replace(/(存在的?|发现的?)?(问题|隐患)(清单|情况|汇总)?$/, '')
    if (name.length < 2 || name.length > 60) continue
    if (UNIT_NAME.test(name) || enterprises.named(name, null).length || enterprises.near(name, null).length)
      return { ...c, name }
  }
  return null
}

/** Dates where "/" or "无" means "not yet" (复查日期 of open items). */
function dateOrDash(label: string) {
  const f: FieldSpec = { key: 'date', label, kind: 'date', column: 'd' }
  return (v: CellValue): Normalized<string | null> => {
    if (!isEmpty(v) && typeof v === 'string' && /^[\s/／\\—\-无未]*$/.test(v)) return ok(null)
    const r = KINDS.date.clean(v, f, {})
    return r.ok ? ok(r.value as string | null) : r
  }
}

/**
 * 隐患等级 words and numbers → the two grades the regulations know, by the office's table
 * (数据与设置 → 隐患等级写法; the default is the spec's words: 1级/一级/重大 are 重大, 2–4级/较大 一般).
 * A bare number is read as that 级.
 */
export function gradeOf(
  v: CellValue,
  words: GradeWords = defaultGradeWords(),
): Normalized<HazardGrade | null> {
  const t = KINDS.text.clean(v, { key: 'grade', label: '隐患等级', kind: 'text', column: 'g', max: 40 }, {})
  if (!t.ok || t.value === null) return t as Normalized<null>
  const text = t.value as string
  const options = (Object.entries(words) as [HazardGrade, string[]][]).map(([value, w]) => ({
    value,
    label: value === 'major' ? '重大' : '一般',
    words: w,
  }))
  const o = matchOption(text.replace(/^([1-9])$/, '$1级'), options)
  return o
    ? ok(o.value as HazardGrade)
    : {
        ok: false,
        message: `隐患等级“${text}”无法识别，可填写：一般、重大，或“数据与设置”中隐患等级写法列出的写法（${words.major.slice(0, 3).join('、')} 为重大）`,
      }
}

type State = 'closed' | 'done' | 'rectifying' | 'pending'
type Row = Record<string, unknown>

interface Prep {
  /** The date `n` working days after `date` by the office's holiday calendar (调休 counted). */
  workdaysAfter(date: string, n: number): string
  enterprises: EnterpriseIndex
  hazards: Map<string, { id: number; deleted: boolean } | 'many'>
  current: { get(id: number): unknown }
  today: string
}

const keyOf = (enterprise: string, foundOn: string, description: string): string =>
  `${enterprise}|${foundOn}|${description.replace(/\s+/g, '')}`

export const hazardImportHooks: ImportHooks<Prep> = {
  fills: ['foundOn'],
  read: {
    foundOn: dateOrDash('检查日期'),
    completedOn: dateOrDash('整改完成日期'),
    reviewedOn: dateOrDash('复查日期'),
    closedOn: dateOrDash('销号日期'),
    deadline: (v) =>
      typeof v === 'string' && IMMEDIATE_WORDS.test(v.trim())
        ? ok(IMMEDIATE)
        : ((p) => (p ? ok(p) : dateOrDash('整改期限')(v)))(periodOf(v)),
    grade: (v, env) => gradeOf(v, env.settings?.gradeWords as GradeWords | undefined),
  },
  readSettings: (ctx) => ({ gradeWords: getGradeWords(ctx) }),

  prepare(ctx) {
    const enterprises = new EnterpriseIndex(
      (
        ctx.db
          .prepare(
            'SELECT e.id, e.name, v.name, e.deleted_at IS NOT NULL FROM enterprises e JOIN villages v ON v.id = e.village_id',
          )
          .raw()
          .all() as [number, string, string, number][]
      ).map(([id, name, village, deleted]) => ({ id, name, village, deleted: deleted === 1 })),
    )
    const hazards: Prep['hazards'] = new Map()
    for (const [id, name, foundOn, description, d] of ctx.db
      .prepare(
        'SELECT h.id, e.name, h.found_on, h.description, h.deleted_at IS NOT NULL FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id',
      )
      .raw()
      .all() as [number, string, string, string, number][]) {
      const hit = { id, deleted: d === 1 }
      hazards.set(keyOf(name, foundOn, description), hit)
      // rows without a 检查日期 find their hazard by enterprise and description alone
      const any = keyOf(name, '*', description)
      hazards.set(any, hazards.has(any) ? 'many' : hit)
    }
    const d = ctx.now()
    const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    const cal = calendar(ctx)
    const workdaysAfter = (date: string, n: number): string => {
      let d = date
      for (let left = n; left > 0;) {
        d = addDays(d, 1)
        if (!cal.day(d).rest) left--
      }
      return d
    }
    return {
      enterprises,
      hazards,
      current: ctx.db.prepare('SELECT * FROM hazards WHERE id = ?'),
      today,
      workdaysAfter,
    }
  },

  planRow(prep, { values: v, patch, extra, row, env }) {
    let enterpriseName =
      (v.enterpriseName as string | null | undefined) ?? (env.defaults.enterpriseName?.trim() || null)
    if (!enterpriseName && !('enterpriseName' in v)) {
      // no enterprise column: the group heading the rows stand under, or the sheet's name
      const framed = unitFromContext(prep.enterprises, env.context)
      if (framed) {
        enterpriseName = framed.name
        row.notice(
          `表中没有企业名称列：${framed.why}“${framed.text}”下的隐患记在“${framed.name}”名下，请核对`,
        )
      }
    }
    const description = patch.description as string | null | undefined
    if (!enterpriseName)
      row.issue(
        'enterpriseName',
        'enterpriseName' in v
          ? '企业名称为空，请填写隐患所在的企业（被检查单位）'
          : '表中没有企业名称（被检查单位）列：请在表中增加该列，或在导入时为所有行指定一个企业',
      )
    if (!description) row.issue('description', '隐患描述为空，请填写发现的问题')
    if (!enterpriseName || !description) return null
    const completedOn = (v.completedOn as string | null | undefined) ?? null
    let closedOnCell = (v.closedOn as string | null | undefined) ?? null
    let reviewedOn = (v.reviewedOn as string | null | undefined) ?? closedOnCell
    let deadline = (v.deadline as string | null | undefined) ?? null
    const period = deadline && /^(days|workdays):/.test(deadline) ? deadline : null
    if (period) deadline = null
    let foundOn = (v.foundOn as string | null | undefined) ?? null
    const dated = foundOn !== null
    if (!foundOn) {
      // 检查日期 is optional on import: the earliest date the row gives, else the day of the import.
      const known = [deadline === IMMEDIATE ? null : deadline, completedOn, reviewedOn, prep.today].filter(
        (x): x is string => Boolean(x),
      )
      foundOn = known.sort()[0] as string
      if ('foundOn' in v) row.warn('foundOn', `没有检查日期，已记为 ${foundOn}，请核对`)
      else
        row.notice(
          '表中没有“检查日期”列：检查日期按整改期限、整改完成或复查日期中最早的一个记录（都没有的记为导入当天），请核对',
        )
    }
    if (deadline === IMMEDIATE) deadline = foundOn
    if (period) {
      const raw = period.startsWith('work') ? `${period.slice(9)}个工作日` : `${period.slice(5)}天`
      if (!dated) row.warn('deadline', `整改期限“${raw}”没有检查日期可以推算，未导入整改期限，请核对`)
      else {
        deadline = period.startsWith('work')
          ? prep.workdaysAfter(foundOn, Number(period.slice(9)))
          : addDays(foundOn, Number(period.slice(5)))
        if (period.startsWith('work'))
          row.warn(
            'deadline',
            `整改期限“${raw}”按检查日期后第${period.slice(9)}个工作日记为 ${deadline}，请核对`,
          )
      }
    }
    if (deadline && deadline < foundOn) {
      row.warn('deadline', `整改期限 ${deadline} 早于检查日期 ${foundOn}，未导入整改期限，请核对`)
      deadline = null
    }
    if (reviewedOn && reviewedOn < foundOn) {
      row.warn('reviewedOn', `复查日期 ${reviewedOn} 早于检查日期 ${foundOn}，未导入复查日期，请核对`)
      reviewedOn = null
    }
    if (closedOnCell && closedOnCell < foundOn) {
      row.warn('closedOn', `销号日期 ${closedOnCell} 早于检查日期 ${foundOn}，未导入销号日期，请核对`)
      closedOnCell = null
    } else if (closedOnCell && reviewedOn && closedOnCell < reviewedOn) {
      row.warn('closedOn', `销号日期 ${closedOnCell} 早于复查日期 ${reviewedOn}，按复查日期销号，请核对`)
      closedOnCell = reviewedOn
    }
    if (patch.supervisionLevel && patch.grade !== 'major') {
      row.warn('supervisionLevel', '只有重大隐患才能挂牌督办，未导入挂牌督办级别，请核对')
      delete patch.supervisionLevel
    }
    const villageName =
      (v.villageName as string | null | undefined) ?? (env.defaults.villageName?.trim() || null)
    // Before creating an enterprise: the same name written another way is offered instead.
    const found = prep.enterprises.resolveOne(enterpriseName, villageName, row, env)
    if (!found) return null
    enterpriseName = found.name
    // 整改情况 / 销号情况 and the dates → the lifecycle's status.
    // A 销号日期 says the item is closed even where the sheet has no 整改情况 column.
    const state = (v.state as State | null | undefined) ?? (closedOnCell ? 'closed' : null)
    const closedOn = closedOnCell ?? reviewedOn ?? (state === 'closed' ? completedOn : null)
    let status: HazardStatus
    if (state === 'closed' || (state === 'done' && reviewedOn))
      status = closedOn ? 'closed' : 'awaiting_review'
    else if (state === 'done') status = 'awaiting_review'
    else if (state === 'rectifying') status = 'rectifying'
    else if (state === null && completedOn) status = 'awaiting_review'
    else status = 'pending'
    if (state === 'closed' && status !== 'closed')
      row.warn('state', '已销号但没有复查或整改完成日期，记为“待复查”，请补充销号日期')
    const inspectingBody = (v.inspectingBody as string | null | undefined) ?? null
    extra.enterpriseName = enterpriseName
    extra.villageName = villageName
    extra.note =
      [(v.notes as string | null | undefined) ?? null, inspectingBody ? `检查单位：${inspectingBody}` : null]
        .concat(env.keep)
        .filter(Boolean)
        .join('；') || null
    Object.assign(patch, {
      enterpriseId: found.id,
      foundOn,
      status,
      reviewRequestedOn: status === 'pending' || status === 'rectifying' ? null : completedOn,
      reviewedOn: status === 'closed' ? (reviewedOn ?? closedOn) : null,
      closedOn: status === 'closed' ? closedOn : null,
    })
    if ('deadline' in v || deadline) patch.deadline = deadline
    const key = keyOf(enterpriseName, dated ? foundOn : '*', description)
    let hit = prep.hazards.get(key)
    if (hit === undefined && dated) {
      const loose = prep.hazards.get(keyOf(enterpriseName, '*', description))
      if (loose !== undefined && loose !== 'many') {
        const cur = prep.current.get(loose.id) as { found_on: string }
        if (cur.found_on === foundOn) hit = loose
      }
    }
    const one = hit !== undefined && hit !== 'many' ? hit : null
    // A row without its date keeps the date of the hazard it updates.
    if (one && !dated) delete patch.foundOn
    // 未整改 (or 逾期未改, as an export writes an open hazard past its deadline) does not undo a
    // step recorded since: a hazard 整改中 or 已移送 stays so.
    const stored = one ? (prep.current.get(one.id) as { status: HazardStatus }).status : null
    if (status === 'pending' && (stored === 'rectifying' || stored === 'referred')) patch.status = stored
    return {
      key,
      keyLabel: dated ? '企业、检查日期和隐患描述相同' : '企业和隐患描述相同',
      id: one?.id ?? null,
      deleted: one?.deleted,
    }
  },

  writer(ctx, batch) {
    const enterprises = enterpriseAdder(ctx, batch, {
      note: `由隐患台账导入时建立（${batch.fileName}），请补充信用代码、负责人等信息`,
    })
    const event = ctx.db.prepare(
      'INSERT INTO hazard_events(hazard_id, at, on_date, action, from_status, to_status, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    return {
      before(w, patch) {
        const x = w.input.extra as Row
        patch.enterpriseId ??= enterprises.add(
          x.enterpriseName as string,
          (x.villageName as string | null) ?? null,
        )
      },
      after(w, id, prev) {
        const p = w.input.patch
        const note = w.input.extra?.note as string | null | undefined
        const text = `由隐患台账导入（${batch.fileName} 第${w.row}行）${note ? `；备注：${note}` : ''}`
        if (!prev)
          event.run(
            id,
            batch.now,
            p.foundOn,
            'create',
            null,
            p.status,
            text,
            JSON.stringify({ batch: batch.id, grade: p.grade ?? 'general', deadline: p.deadline ?? null }),
          )
        else
          event.run(
            id,
            batch.now,
            (p.reviewedOn as string | null) ?? (p.foundOn as string | undefined) ?? prev.found_on,
            'edit',
            prev.status,
            p.status,
            text,
            JSON.stringify({ batch: batch.id }),
          )
      },
      created: () => ({ 企业: enterprises.created }),
    }
  },

  undoBlocked: '这批导入的隐患中，有的已经开具了文书，不能整批撤销。',
}

/** 隐患整改台账 in the import engine: the kit's importer with the rules above. */
export const hazardImporter: LedgerImporter<KitRow> = kitImporter(hazardRepo, {
  ledger: 'hazards',
  label: '隐患整改台账',
  hooks: hazardImportHooks as ImportHooks<unknown>,
  words: recordWords(
    '条',
    '隐患',
    '导入时新建的企业（及为它新建的村）没有其他记录、导入后也没有修改过的一并删除。如果其中有隐患在导入后又被修改过（如已复查、销号），将不能整批撤销，数据保持不变。',
    {
      notes: [
        '同一企业、同一检查日期、同一隐患描述视为同一条隐患，会更新而不会重复登记；企业台账中还没有的企业会自动建立（所属村待补充）。',
      ],
      nearMatch: 'owner',
    },
  ),
}) as LedgerImporter<KitRow>

/** The hazard list's import columns, the audited unit and its village first (the template, the preview). */
export const HAZARD_IMPORT_FIELDS: LedgerField[] = ((fs) => {
  const first = ['_ignore', 'enterpriseName', 'villageName']
  return [
    ...first.map((k) => fs.find((f) => f.key === k) as LedgerField),
    ...fs.filter((f) => !first.includes(f.key)),
  ]
})(hazardImporter.fields)
hazardImporter.fields = HAZARD_IMPORT_FIELDS
