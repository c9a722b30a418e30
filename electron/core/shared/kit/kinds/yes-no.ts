import { bad, halfWidth, ok } from './common'
import { col, type Kind } from './kind'

// 是/否: √ ✓ 是 有 涉及 mean yes; 否 无 × 不涉及 mean no — here 无 is an answer, not a placeholder.
const YES = new Set([
  '√',
  '✓',
  '✔',
  '☑',
  '是',
  '有',
  'y',
  'yes',
  'true',
  '1',
  '●',
  '■',
  'v',
  '涉及',
  '存在',
  '已',
  '已签订',
  '是的',
  // 规上/限上 columns say which side the enterprise is on
  '规上',
  '限上',
  '规模以上',
  '限额以上',
])
const NO = new Set([
  '否',
  '无',
  'n',
  'no',
  'false',
  '0',
  '×',
  'x',
  '✗',
  '✘',
  '□',
  '不涉及',
  '不存在',
  '未',
  '没有',
  '-',
  '—',
  '/',
  '规下',
  '限下',
  '规模以下',
  '限额以下',
])

export const yesNo: Kind = {
  name: 'yesNo',
  columns: (f) => [{ name: col(f), type: 'INTEGER', notNull: true }],
  empty: () => false,
  clean(raw, f) {
    if (raw === null || raw === undefined) return ok(false)
    if (typeof raw === 'boolean') return ok(raw)
    if (typeof raw === 'number')
      return raw === 1 || raw === 0 ? ok(raw === 1) : bad(`${f.label}应填写“是”或“否”`)
    const t = halfWidth(String(raw)).trim().toLowerCase()
    if (t === '') return ok(false)
    if (YES.has(t)) return ok(true)
    if (NO.has(t)) return ok(false)
    return bad(`${f.label}“${String(raw).trim()}”无法识别为是/否，请填写 √ 或 是，不是的填写 否 或留空`)
  },
  toDb: (v, f) => ({ [col(f)]: v ? 1 : 0 }),
  encode(v, _f, out, at) {
    out[at] = v ? 1 : 0
  },
  fromDb: (r, f) => r[col(f)] === 1,
  display: (v) => (v ? '是' : '否'),
  sortExpr: (a, f) => `${a}.${col(f)}`,
  widget: 'switch',
  filter: 'bool',
  formEmpty: () => false,
}
