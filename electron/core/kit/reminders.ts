import { chinaToday, type Ctx } from '../context'
import { daysBetween } from '../shared/dates'
import { expiryLabel } from '../shared/kit/form'
import type { FieldSpec } from '../shared/kit/spec'
import type { FieldFilter } from '../shared/kit/types'
import type { AnyRepo } from './repo'

// 工作台's reminder cards. Every date field a spec marks `expires` gives one card: how many of its
// records have ended and how many end within `warnDays` (today in China), each count with the list
// filter that shows exactly those records. Domain rules that are not an end date (重大危险源,
// 春节前续证) add cards of the same shape beside them (electron/core/reminders.ts).

/** Where a count leads: a ledger's list with these filters, or a named screen with a route query. */
export type ReminderLink =
  | {
      ledger: string
      route: { name: string; query?: Record<string, string> }
      filters: Record<string, FieldFilter>
    }
  | { route: string; query: Record<string, string> }

export interface ReminderCount {
  key: string
  label: string
  count: number
  unit: string
  /** Shown in red when not zero. */
  hot: boolean
  link: ReminderLink
}

export interface ReminderItem {
  id: number
  name: string
  /** The parent record's name (the enterprise or outlet holding the licence). */
  owner: string | null
  date: string | null
  /** Negative: ended that many days ago. */
  daysLeft: number | null
}

export interface ReminderCard {
  key: string
  title: string
  counts: ReminderCount[]
  items: ReminderItem[]
}

/** The expiry cards of these ledgers (only fields declaring `expires`), today as in China. */
export function expiryCards(ctx: Ctx, repos: readonly AnyRepo[], maxItems = 6): ReminderCard[] {
  const today = chinaToday(ctx)
  const cards: ReminderCard[] = []
  for (const repo of repos) {
    const spec = repo.spec
    const fields = spec.fields as FieldSpec[]
    const owner = spec.parent ? fields.find((f) => f.key === spec.parent?.field) : undefined
    for (const f of fields) {
      if (!f.expires) continue
      const filtersOf = (state: 'expired' | 'expiring') => ({ [f.key]: { expiry: state } })
      const count = (state: 'expired' | 'expiring') => repo.count(ctx, { filters: filtersOf(state) })
      const soonest = (state: 'expired' | 'expiring', order: 'asc' | 'desc') =>
        repo.list(ctx, {
          page: 1,
          pageSize: maxItems,
          filters: filtersOf(state),
          sort: { field: f.key, order },
        }).rows as Record<string, unknown>[]
      const expired = count('expired')
      const expiring = count('expiring')
      // the few most recently ended, then the soonest to end
      const rows = [...soonest('expired', 'desc').slice(0, 4), ...soonest('expiring', 'asc')]
      cards.push({
        key: `${spec.key}.${f.key}`,
        title: f.expires.label,
        counts: [
          {
            key: 'expired',
            label: expiryLabel(f, 'expired'),
            count: expired,
            unit: spec.unit,
            hot: true,
            link: { ledger: spec.key, route: f.expires.route, filters: filtersOf('expired') },
          },
          {
            key: 'expiring',
            label: expiryLabel(f, 'expiring'),
            count: expiring,
            unit: spec.unit,
            hot: false,
            link: { ledger: spec.key, route: f.expires.route, filters: filtersOf('expiring') },
          },
        ],
        items: rows.map((r) => {
          const date = (r[f.key] as string | null) ?? null
          return {
            id: r.id as number,
            name: String(r[spec.nameField] ?? ''),
            owner: owner?.ref ? ((r[owner.ref.as] as string | null) ?? null) : null,
            date,
            daysLeft: date ? daysBetween(today, date) : null,
          }
        }),
      })
    }
  }
  return cards
}
