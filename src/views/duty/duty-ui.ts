// Small helpers the 值班 pages share: the tabs, the period choices, the remembered 经办人.
import { call } from '../../api/client'
import type { ApiOutput } from '../../api/types'

export type Roster = ApiOutput<'duty.roster'>
export type RosterDay = Roster['days'][number]
export type RosterEntry = RosterDay['leaders'][number]

export const DUTY_TABS = [
  { name: 'duty', label: '值班表' },
  { name: 'duty-shifts', label: '班次列表' },
  { name: 'duty-log', label: '值班日志' },
  { name: 'duty-daily', label: '值班日报' },
  { name: 'duty-setup', label: '值班人员与节假日' },
] as const

const OPERATOR_KEY = 'duty.operator'

/**
 * 经办人 of a roster change: the operator chosen in the header (操作人员), else the name last typed
 * on this PC. The clerk may type someone else (the leader who approved a swap).
 */
export async function rememberedOperator(): Promise<string> {
  try {
    const s = await call('session.get', {})
    if (s.operator) return s.operator
  } catch {
    // fall back to the remembered name
  }
  try {
    return localStorage.getItem(OPERATOR_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberOperator(name: string): void {
  try {
    localStorage.setItem(OPERATOR_KEY, name.trim())
  } catch {
    // private mode: not remembered
  }
}

const p2 = (n: number): string => String(n).padStart(2, '0')

export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`
}

export function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(year, month, 0).getDate()
  return { from: `${year}-${p2(month)}-01`, to: `${year}-${p2(month)}-${p2(last)}` }
}

/** "10月1日" */
export function md(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

export function dayTag(
  d: Pick<RosterDay, 'type' | 'name'>,
): { text: string; type: 'danger' | 'warning' | 'info' } | null {
  if (d.type === 'holiday') return { text: d.name || '节假日', type: 'danger' }
  if (d.type === 'makeup') return { text: '调休上班', type: 'warning' }
  if (d.type === 'weekend') return { text: '周末', type: 'info' }
  return null
}

export function entryLabel(e: Pick<RosterEntry, 'name' | 'shift' | 'shiftLabel' | 'role'>): string {
  return e.role === 'staff' && e.shift !== 'full' ? `${e.name}（${e.shiftLabel}）` : e.name
}
