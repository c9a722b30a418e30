// The printed form of one document as a list of blocks, built only from the document's frozen
// payload (document.get). Wording is the payload's (REFERENCE.md §1.3–1.5); this file decides the
// order on paper and which blocks may continue on 附页.
import type { DocumentPayload } from '../views/inspections/types'
import type { BlockKind } from './paginate'

export type Block =
  | { t: 'heading'; text: string }
  | { t: 'title'; text: string }
  | { t: 'number'; text: string }
  | {
      t: 'fields'
      /** Rows of label–value pairs; a pair that does not fit beside the previous one wraps whole. */
      rows: { label: string; value: string; /** Never broken (a phone number). */ whole?: boolean }[][]
    }
  | { t: 'addressee'; text: string }
  | { t: 'para'; text: string; indent: boolean }
  | { t: 'item'; no: number; text: string; major: boolean }
  | { t: 'signers'; role: string; inspectors: { certificateNo: string | null }[]; withCert: boolean }
  | { t: 'enterpriseSign'; label: string }
  | { t: 'seal'; text: string; date: string }

export interface KindedBlock {
  kind: BlockKind
  block: Block
}

function itemText(p: DocumentPayload, h: DocumentPayload['hazards'][number], withOutcome: boolean): string {
  const text = h.description.replace(/[。；;.\s]+$/, '')
  // The place is printed only where it narrows the inspected place down (e.g. 仓库 of a whole plant).
  const place = h.place && h.place !== p.inspection.place && !text.includes(h.place) ? `（${h.place}）` : ''
  return `${text}${place}${withOutcome && h.outcomeLabel ? `——${h.outcomeLabel}` : ''}。`
}

/** Who signs for the office: 检查人员 on a 现场检查记录, else the family's role. */
export function signerRole(p: DocumentPayload): string {
  return p.type === 'check_record' ? '检查人员' : p.inspectorRole
}

export function documentBlocks(p: DocumentPayload): KindedBlock[] {
  const out: KindedBlock[] = []
  const add = (kind: BlockKind, block: Block): void => void out.push({ kind, block })
  add('top', { t: 'heading', text: p.heading })
  add('top', { t: 'title', text: p.title })
  add('top', { t: 'number', text: p.number })

  const items = (withOutcome: boolean): void => {
    for (const h of p.hazards)
      add('body', { t: 'item', no: h.no, text: itemText(p, h, withOutcome), major: h.major })
  }
  const after = (): void => {
    // The list's own notes go with it, onto 附页 when it continues there.
    for (const t of p.listNotes ?? []) add('body', { t: 'para', text: t, indent: true })
    for (const t of p.textAfter) add('bottom', { t: 'para', text: t, indent: true })
  }
  const signatures = (withSeal: boolean): void => {
    add('bottom', {
      t: 'signers',
      role: signerRole(p),
      inspectors: p.inspectors.map((i) => ({ certificateNo: i.certificateNo })),
      withCert: p.type !== 'check_record',
    })
    add('bottom', { t: 'enterpriseSign', label: p.enterpriseSignatureLabel })
    if (withSeal) add('bottom', { t: 'seal', text: `${p.organ.sealText}（印章）`, date: p.issuedOnText })
  }

  if (p.type === 'check_record') {
    const e = p.enterprise
    add('top', {
      t: 'fields',
      // As on the national form (REFERENCE.md §1.4): 被检查单位 with 地址; the person with 职务 and phone.
      rows: [
        [
          { label: '被检查单位', value: e.name },
          { label: '地址', value: e.address ?? '' },
        ],
        [
          { label: '法定代表人（负责人）', value: e.person ?? e.legalRepresentative ?? e.principal ?? '' },
          { label: '职务', value: e.personTitle ?? '' },
          { label: '联系电话', value: e.phone ?? '', whole: true },
        ],
        [{ label: '检查场所', value: p.inspection.place ?? '' }],
        [{ label: '检查时间', value: p.inspection.timeText }],
      ],
    })
    const [intro, ...rest] = p.textBefore
    if (intro) add('top', { t: 'para', text: intro, indent: true })
    // 检查情况 may be long: it continues on 附页 like the list of problems (此栏不够，可另附页), cut
    // between the lines the browser laid out.
    for (const t of rest) add('body', { t: 'para', text: t, indent: true })
    items(false)
    after()
    signatures(false)
    return out
  }

  add('top', { t: 'addressee', text: `${p.enterprise.name}：` })
  for (const t of p.textBefore) add('top', { t: 'para', text: t, indent: true })
  items(p.type === 'reinspection_opinion')
  after()
  signatures(true)
  return out
}

/**
 * The part of a block that one page prints, from the block's line starts (character offsets of its
 * text where the browser began each line): a cut paragraph continues without its indent, a cut item
 * without its number.
 */
export function pieceOf(
  b: Block,
  starts: readonly number[] | undefined,
  from: number,
  to: number | null,
): Block {
  if (!starts || (from === 0 && to === null) || (b.t !== 'para' && b.t !== 'item')) return b
  const a = starts[from] ?? 0
  const z = to === null ? b.text.length : (starts[to] ?? b.text.length)
  const text = b.text.slice(a, z)
  if (from === 0) return { ...b, text }
  return { t: 'para', text, indent: false }
}

/**
 * The note on page 1 after its last item: "（第3项至第12项见附页）", "（共12项，见附页）"; when a
 * paragraph or an item is cut, "（下接附页）" (its continuation opens the 附页).
 */
export function annexNote(moved: Block[], cut: boolean): string {
  if (cut) return '（下接附页）'
  const nos = moved.flatMap((b) => (b.t === 'item' ? [b.no] : []))
  if (nos.length === 0) return '（检查情况续见附页）'
  const first = nos[0] as number
  const last = nos[nos.length - 1] as number
  if (first === 1) return `（共${last}项，见附页）`
  return first === last ? `（第${first}项见附页）` : `（第${first}项至第${last}项见附页）`
}
