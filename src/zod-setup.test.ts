import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import './zod-setup'

describe('renderer zod setup', () => {
  it('shared form schemas get the Chinese default messages in the renderer too', () => {
    const r = z
      .object({ name: z.string().max(10), kind: z.enum(['a', 'b']) })
      .safeParse({ name: 'x'.repeat(11), kind: 'c' })
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      '内容过长：最多 10 个字，请删减后重试',
      '选项无效，请从列表中选择',
    ])
  })
})
