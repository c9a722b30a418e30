import { z } from 'zod'
import { handler } from '../context'
import { loadDemo } from './demo'

export const demoHandlers = {
  'demo.load': handler(z.object({}).optional(), (ctx) => loadDemo(ctx)),
}
