import { AppError } from '../errors'
import { chemicalRepo, chemLicenceRepo, chemUnitRepo } from '../chemicals/ledger'
import { isoNow, type Ctx, writeTx } from '../context'
import { loadDutyDemo } from '../duty/demo'
import { activityRepo } from '../activities/ledger'
import { letterRepo } from '../letters/ledger'
import { enterpriseRepo, type EnterpriseValues } from '../enterprises/ledger'
import { loadInspectionDemo } from '../inspections/demo'
import { loadPlanDemo } from '../inspections/plan-demo'
import { loadFireworksDemo } from '../fireworks/demo'
import { creditCodeCheckChar } from '../shared/validators'
import { rng } from './rng'

// A fictional township so a newcomer sees a working app at once. Every name, code and phone
// number here is made up (the region code 329999 does not exist).

const TOWNSHIP = '青禾镇'
const VILLAGES = [
  '青禾社区',
  '东湖村',
  '西岭村',
  '南塘村',
  '北港村',
  '柳溪村',
  '石桥村',
  '杏花村',
  '枫林村',
  '白沙村',
  '金坝村',
  '新河社区',
  '桃源村',
  '云岗村',
]
const INDUSTRIES = [
  '机械制造',
  '金属制品',
  '纺织服装',
  '木材家具',
  '食品加工',
  '化工',
  '塑料制品',
  '建材',
  '批发零售',
  '餐饮住宿',
  '仓储物流',
  '加油站',
  '液化气供应',
  '烟花爆竹零售',
  '建筑施工',
]
const PREFIX = [
  '华兴',
  '恒泰',
  '鑫源',
  '永盛',
  '宏达',
  '金鼎',
  '瑞丰',
  '嘉禾',
  '天成',
  '顺达',
  '联创',
  '福海',
  '青禾',
  '安泰',
  '润通',
  '明辉',
  '佳乐',
  '新峰',
  '祥和',
  '东昌',
  '远航',
  '利民',
  '长青',
  '博雅',
]
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌玉兰海波宁鹏飞云峰春燕晓东亮新'
const ROADS = ['兴业路', '工业大道', '青禾路', '滨河路', '纬一路', '经二路', '振兴街', '创业路']

export function fakeCreditCode(r: () => number, kind: '1' | '2' = '1'): string {
  const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let body = `9${kind}329999`
  for (let i = 0; i < 9; i++) body += cs[Math.floor(r() * (i === 0 ? 10 : 31))]
  return body + creditCodeCheckChar(body)
}

export function loadDemo(
  ctx: Ctx,
  count = 240,
): { villages: number; industries: number; enterprises: number } {
  const existing = (ctx.db.prepare('SELECT count(*) AS n FROM enterprises').get() as { n: number }).n
  if (existing > 0)
    throw new AppError(
      'CONFLICT',
      `数据库中已有 ${existing} 家企业，示例数据只能载入空数据库，以免与真实数据混在一起`,
    )
  const r = rng(20260101)
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T
  const person = (): string => pick([...SURNAMES]) + pick([...GIVEN]) + (r() < 0.6 ? pick([...GIVEN]) : '')
  const mobile = (): string =>
    `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
  return writeTx(ctx, () => {
    const now = isoNow(ctx)
    const upsertSetting = ctx.db.prepare(
      'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
    upsertSetting.run('townshipName', TOWNSHIP)
    upsertSetting.run('officeName', `${TOWNSHIP}应急管理办公室`)
    const villageIds: number[] = []
    const vStmt = ctx.db.prepare(
      'INSERT INTO villages(name, sort_order, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id',
    )
    VILLAGES.forEach((v, i) => villageIds.push((vStmt.get(v, i + 1, now) as { id: number }).id))
    const industryIds: number[] = []
    const iStmt = ctx.db.prepare(
      'INSERT INTO industries(name, sort_order, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id',
    )
    INDUSTRIES.forEach((v, i) => industryIds.push((iStmt.get(v, i + 1, now) as { id: number }).id))
    const used = new Set<string>()
    let made = 0
    while (made < count) {
      const ind = Math.floor(r() * INDUSTRIES.length)
      const industry = INDUSTRIES[ind] as string
      const small = industry === '烟花爆竹零售' || industry === '批发零售' || industry === '餐饮住宿'
      const prefix = pick(PREFIX)
      const name = small
        ? `${TOWNSHIP}${prefix}${pick(['商店', '超市', '饭店', '便利店', '烟花爆竹经营部'])}`
        : `${pick(['', '青禾', '江南'])}${prefix}${industry.replace('制造', '').replace('供应', '')}有限公司`
      if (used.has(name)) continue
      used.add(name)
      const flags: EnterpriseValues['flags'] = []
      if (industry === '化工' || industry === '加油站' || industry === '液化气供应' || r() < 0.05)
        flags.push('hazchem')
      if (industry === '木材家具' || (industry === '金属制品' && r() < 0.5)) flags.push('dust')
      if (industry === '食品加工' && r() < 0.4) flags.push('ammonia')
      if (r() < 0.25) flags.push('confinedSpace')
      if (industry === '餐饮住宿' || industry === '液化气供应') flags.push('gas')
      if (industry === '烟花爆竹零售') flags.push('fireworks')
      if (industry === '餐饮住宿' && r() < 0.5) flags.push('crowded')
      const employees = small ? 1 + Math.floor(r() * 8) : 10 + Math.floor(r() * 400)
      const statusRoll = r()
      const input: EnterpriseValues = {
        name,
        creditCode: fakeCreditCode(r, small ? '2' : '1'),
        legalRepresentative: person(),
        principal: person(),
        principalPhone: mobile(),
        safetyOfficer: small ? null : person(),
        safetyOfficerPhone: small ? null : mobile(),
        contactPhone: r() < 0.4 ? `0599-${String(5000000 + Math.floor(r() * 4999999))}` : null,
        villageId: pick(villageIds),
        villageGuessed: false,
        address: `${TOWNSHIP}${pick(ROADS)}${1 + Math.floor(r() * 300)}号`,
        industryId: industryIds[ind] as number,
        scale: small ? 'micro' : employees > 300 ? 'medium' : employees >= 20 ? 'small' : 'micro',
        aboveThreshold: !small && (employees > 150 || r() < 0.3),
        employees,
        establishedDate: `${1995 + Math.floor(r() * 30)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
        flags,
        standardization: small ? null : pick(['level2', 'level3', 'level3', 'micro', 'none'] as const),
        riskLevel:
          flags.includes('hazchem') || flags.includes('dust')
            ? pick(['high', 'medium', 'major'] as const)
            : pick(['medium', 'low', 'low'] as const),
        ...((year, month) => ({
          responsibilityLetterDate: `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
          responsibilityLetterYear: year,
        }))(r() < 0.85 ? ctx.now().getFullYear() : ctx.now().getFullYear() - 1, 1 + Math.floor(r() * 3)),
        status: statusRoll < 0.9 ? 'operating' : statusRoll < 0.97 ? 'suspended' : 'closed',
        notes: null,
      }
      enterpriseRepo.create(ctx, input)
      made++
    }
    loadInspectionDemo(ctx)
    loadPlanDemo(ctx)
    loadActivityDemo(ctx, r)
    loadLetterDemo(ctx, r)
    loadFireworksDemo(ctx)
    loadDutyDemo(ctx, r, mobile)
    loadChemicalDemo(ctx)
    return { villages: VILLAGES.length, industries: INDUSTRIES.length, enterprises: made }
  })
}

/**
 * This year's 安全生产责任书 with every village (社区) and the township's departments, signed at the
 * year's first safety meeting (letters with enterprises are on the enterprise records).
 */
function loadLetterDemo(ctx: Ctx, r: () => number): void {
  const today = ctx.now()
  const year = today.getFullYear()
  const signedOn = `${year}-01-08`
  if (new Date(year, 0, 8) > today) return
  const villages = ctx.db.prepare('SELECT id, name FROM villages ORDER BY sort_order').all() as {
    id: number
    name: string
  }[]
  const people = [
    '王建国',
    '李海明',
    '张志强',
    '刘秀英',
    '陈丽华',
    '杨永红',
    '黄春梅',
    '赵国平',
    '吴振华',
    '周德明',
  ]
  const person = (): string => people[Math.floor(r() * people.length)] as string
  for (const v of villages) {
    const community = v.name.endsWith('社区')
    letterRepo.create(ctx, {
      title: null, // named from year and signer
      year,
      signerType: 'village',
      signer: `${v.name}${community ? '居民委员会' : '村民委员会'}`,
      villageId: v.id,
      signedOn,
      counterpart: person(),
      townSigner: '镇长',
      scope:
        '落实村（社区）安全生产网格化监管，组织开展隐患排查和宣传教育，发现问题及时报告镇应急管理办公室。',
      notes: null,
    })
  }
  for (const d of ['镇农业农村办', '镇市场监管所', '镇规划建设办', '镇派出所', '镇中心学校', '镇卫生院']) {
    letterRepo.create(ctx, {
      title: null, // named from year and signer
      year,
      signerType: 'department',
      signer: d,
      villageId: null,
      signedOn,
      counterpart: person(),
      townSigner: '镇长',
      scope: '按照“管行业必须管安全”的要求，落实本行业领域安全生产监管责任。',
      notes: null,
    })
  }
}

/** A believable year of 活动记录 up to today: monthly meetings, publicity, training and two drills. */
function loadActivityDemo(ctx: Ctx, r: () => number): void {
  const today = ctx.now()
  const year = today.getFullYear()
  const villages = ctx.db.prepare('SELECT id FROM villages ORDER BY sort_order').pluck().all() as number[]
  const plan: {
    month: number
    day: number
    type: 'meeting' | 'publicity' | 'training' | 'drill'
    title: string
  }[] = [
    { month: 1, day: 8, type: 'meeting', title: '全镇安全生产工作会议' },
    { month: 2, day: 5, type: 'meeting', title: '春节期间安全生产专题部署会' },
    { month: 3, day: 18, type: 'training', title: '企业主要负责人安全生产培训' },
    { month: 4, day: 10, type: 'meeting', title: '一季度安全形势分析会' },
    { month: 5, day: 12, type: 'publicity', title: '防灾减灾日宣传活动' },
    { month: 6, day: 16, type: 'publicity', title: '“安全生产月”宣传咨询日活动' },
    { month: 6, day: 20, type: 'drill', title: '人员密集场所消防疏散演练' },
    { month: 7, day: 9, type: 'meeting', title: '防汛防台安全专题会议' },
    { month: 8, day: 22, type: 'training', title: '有限空间作业安全培训' },
    { month: 9, day: 15, type: 'publicity', title: '燃气安全进村入户宣传' },
    { month: 10, day: 11, type: 'meeting', title: '三季度安全形势分析会' },
    { month: 11, day: 9, type: 'publicity', title: '“119”消防宣传月活动' },
    { month: 11, day: 25, type: 'drill', title: '危险化学品泄漏应急演练' },
    { month: 12, day: 3, type: 'training', title: '村（社区）安全员业务培训' },
  ]
  for (const a of plan) {
    const date = `${year}-${String(a.month).padStart(2, '0')}-${String(a.day).padStart(2, '0')}`
    if (new Date(year, a.month - 1, a.day) > today) continue
    const village =
      a.type === 'publicity' || a.type === 'drill'
        ? (villages[Math.floor(r() * villages.length)] ?? null)
        : null
    activityRepo.create(ctx, {
      type: a.type,
      date,
      title: `${year}年${a.title}`,
      villageId: village,
      place: a.type === 'meeting' ? '镇政府三楼会议室' : a.type === 'training' ? '镇文化中心' : null,
      organizer: '镇应急管理办公室',
      participants:
        a.type === 'meeting'
          ? 20 + Math.floor(r() * 30)
          : a.type === 'publicity'
            ? 15
            : 40 + Math.floor(r() * 120),
      reached: a.type === 'publicity' ? 300 + Math.floor(r() * 900) : null,
      banners: a.type === 'publicity' ? 3 + Math.floor(r() * 8) : null,
      leaflets: a.type === 'publicity' ? 500 + Math.floor(r() * 1500) : null,
      content: null,
      notes: null,
    })
  }
}

type Holding = [
  name: string,
  cas: string | null,
  categories: string | null,
  max: number,
  unit: 't' | 'kg',
  flags?: ('highlyToxic' | 'explosivePrecursor' | 'keySupervised')[],
]

/**
 * Units and inventories for the enterprises flagged 危化品, worked so the register shows a 二级
 * source (氯 40 t + 氨 20 t, 150 people: R = 2.0 × (4×8 + 2×2) = 72), a 三级 one (汽油 2000 t +
 * 柴油 5000 t, 30 people: R = 1.2 × 11 = 13.2) and a 四级 one (液化石油气 200 t, 60 people:
 * R = 1.5 × 1.5 × 4 = 9), besides units below S = 1 and one whose category is still 待确认.
 */
function loadChemicalDemo(ctx: Ctx): void {
  const flagged = ctx.db
    .prepare("SELECT id, name FROM enterprises WHERE flag_hazchem = 1 AND status = 'operating' ORDER BY id")
    .all() as { id: number; name: string }[]
  // Each inventory goes to an enterprise whose trade fits it (化工 holds the 液氯, a 加油站 the
  // 油罐区, a 液化气 supplier the LPG tanks), else to the next one flagged 危化品.
  const used = new Set<number>()
  const ids = ['化工', '加油站', '液化气', '', '化工', ''].map((word) => {
    const e =
      flagged.find((x) => !used.has(x.id) && x.name.includes(word)) ?? flagged.find((x) => !used.has(x.id))
    if (e) used.add(e.id)
    return e?.id
  })
  const plan: { unit: string; kind: 'storage' | 'production'; population: number; holdings: Holding[] }[][] =
    [
      [
        {
          unit: '液氯库房',
          kind: 'storage',
          population: 150,
          holdings: [
            ['氯', '7782-50-5', 'W4;J3', 40, 't', ['highlyToxic', 'keySupervised']],
            ['氨', '7664-41-7', 'W2;J3', 20, 't', ['keySupervised']],
          ],
        },
        {
          unit: '甲类仓库',
          kind: 'storage',
          population: 150,
          holdings: [
            ['甲醇', '67-56-1', 'W5.3', 8, 't'],
            ['丙酮', '67-64-1', 'W5.3', 5, 't'],
          ],
        },
      ],
      [
        {
          unit: '油罐区',
          kind: 'storage',
          population: 30,
          holdings: [
            ['汽油', '86290-81-5', 'W5.3', 2000, 't'],
            ['柴油', null, 'W5.4', 5000, 't'],
          ],
        },
      ],
      [
        {
          unit: '液化气储罐区',
          kind: 'storage',
          population: 60,
          holdings: [['液化石油气', '68476-85-7', 'W2', 200, 't']],
        },
        {
          unit: '气瓶间',
          kind: 'storage',
          population: 60,
          holdings: [
            ['乙炔', '74-86-2', 'W2', 300, 'kg'],
            ['氧', '7782-44-7', 'W4', 800, 'kg'],
          ],
        },
      ],
      [
        {
          unit: '酸洗车间',
          kind: 'production',
          population: 20,
          holdings: [
            ['盐酸', '7647-01-0', '无', 12, 't'],
            ['硫酸', '7664-93-9', '无', 6, 't'],
          ],
        },
      ],
      [
        {
          unit: '原料仓库',
          kind: 'storage',
          population: 45,
          holdings: [
            ['乙醛', '75-07-0', null, 2, 't'],
            ['甲苯', '108-88-3', 'W5.3', 3, 't'],
          ],
        },
      ],
      [
        {
          unit: '发电机房油箱',
          kind: 'storage',
          population: 10,
          holdings: [['柴油', null, 'W5.4', 800, 'kg']],
        },
      ],
    ]
  // 经营许可证 (three years): one ending within 30 days, one within 60, one long valid.
  const now = ctx.now()
  const day = (offset: number) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  }
  const licences: ['noStorage' | 'retail' | 'storage', number, string][] = [
    ['storage', 20, '汽油、柴油'],
    ['retail', 45, '液化石油气（瓶装）'],
    ['noStorage', 700, '盐酸、硫酸（无储存经营）'],
  ]
  licences.forEach(([type, left, scope], i) => {
    const enterpriseId = ids[[1, 2, 3][i] as number]
    if (enterpriseId === undefined) return
    chemLicenceRepo.create(ctx, {
      enterpriseId,
      licenceNo: `青应急经字〔${day(left - 1095).slice(0, 4)}〕${String(i + 11).padStart(3, '0')}号`,
      type,
      issuer: '青禾县应急管理局',
      validFrom: day(left - 1095),
      validTo: day(left),
      scope,
      notes: null,
    })
  })
  plan.forEach((units, i) => {
    const enterpriseId = ids[i]
    if (enterpriseId === undefined) return
    for (const u of units) {
      const unit = chemUnitRepo.create(ctx, {
        enterpriseId,
        name: u.unit,
        kind: u.kind,
        population: u.population,
        provisional: false,
        notes: null,
      })
      for (const [name, cas, categories, max, qunit, flags] of u.holdings)
        chemicalRepo.create(ctx, {
          enterpriseId,
          unitId: unit.id,
          catalogId: null,
          name,
          cas,
          state: null,
          categories,
          hazardClass: null,
          maxQuantity: max,
          usualQuantity: Math.round(max * 0.6 * 1000) / 1000,
          annualUse: Math.round(max * 8 * 1000) / 1000,
          quantityUnit: qunit,
          density: null,
          flags: flags ?? [],
          notes: null,
        })
    }
  })
}
