import { z } from 'zod'
import { handler, type Ctx } from './context'
import { chemicalReminderCard } from './chemicals/handlers'
import { fireworksReminderCard } from './fireworks/fireworks'
import { expiryCards, type ReminderCard } from './kit/reminders'
import { LEDGER_REPOS } from './ledgers'

// 工作台's 待办提醒: one card per `expires` field of every ledger spec, then the domain cards that
// are not an end date (重大危险源 by grade; outlets open on a lapsed licence, 春节前续证).

const DOMAIN_CARDS: ((ctx: Ctx) => ReminderCard | null)[] = [chemicalReminderCard, fireworksReminderCard]

export function reminderCards(ctx: Ctx): ReminderCard[] {
  return [
    ...expiryCards(ctx, LEDGER_REPOS).filter((c) => c.counts.some((n) => n.count > 0)),
    ...DOMAIN_CARDS.map((f) => f(ctx)).filter((c): c is ReminderCard => c !== null),
  ]
}

export const reminderHandlers = {
  'reminders.cards': handler(z.object({}).optional(), (ctx) => reminderCards(ctx)),
}
