import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fail, memoryCore } from './test/helpers'

// zod's English defaults must never reach the clerk: every message from a handler's schema is Chinese.

const ENGLISH = /[A-Za-z]{3,}/

describe('validation messages', () => {
  it('zod defaults reaching dispatch are Chinese (type, range, enum, missing field, unknown key)', async () => {
    const core = await memoryCore()
    try {
      const cases: [string, unknown, RegExp][] = [
        ['village.remove', { id: 'x' }, /应填写数字/],
        ['village.remove', { id: 1.5 }, /整数/],
        ['village.remove', {}, /必填/],
        ['village.remove', { id: -1 }, /不能小于|数值过小/],
        ['hazard.list', { pageSize: 100_000 }, /不能超过 500/],
      ]
      for (const [name, input, want] of cases) {
        const err = await fail(core, name, input)
        expect(err.code, name).toBe('VALIDATION')
        expect(err.message, `${name} ${JSON.stringify(input)}`).toMatch(want)
        expect(err.message).not.toMatch(ENGLISH)
        for (const i of err.details?.issues ?? []) expect(i.message).not.toMatch(ENGLISH)
      }
    } finally {
      core.close()
    }
  })

  it('any schema built after the core is loaded speaks Chinese, a custom message still wins', () => {
    const s = z.object({
      name: z.string().max(100),
      kind: z.enum(['a', 'b']),
      note: z.string().max(3, '备注太长'),
    })
    const r = s.safeParse({ name: 'x'.repeat(101), kind: 'c', note: 'abcd' })
    expect(r.success).toBe(false)
    const messages = r.error?.issues.map((i) => i.message)
    expect(messages).toEqual([
      '内容过长：最多 100 个字，请删减后重试',
      '选项无效，请从列表中选择',
      '备注太长',
    ])
  })
})
