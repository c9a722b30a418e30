import { z } from 'zod'

// zod's default messages are English ("Too big: expected string to have <=100 characters") and its
// zh-CN locale still names types ("期望 string"). Every schema, in the core and in the renderer's
// shared forms, gets these messages instead: what is wrong and what to do, in words a clerk uses.
// Schemas that pass their own message keep it; this map only replaces zod's defaults.

const fallback = z.locales.zhCN().localeError

const TYPE: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  array: '列表',
  object: '一组信息',
  date: '日期',
}

const SIZE: Record<string, (n: string) => string> = {
  string: (n) => `${n} 个字`,
  array: (n) => `${n} 项`,
  set: (n) => `${n} 项`,
  file: (n) => `${n} 字节`,
}

export const ledgerZodError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return '此项为必填项，请填写后重试'
      return `格式不正确：应填写${TYPE[issue.expected] ?? '正确的内容'}，请检查后重试`
    case 'invalid_value':
      return issue.values.length === 1 ? '取值不正确，请检查后重试' : '选项无效，请从列表中选择'
    case 'too_big': {
      const n = issue.maximum.toString()
      const size = SIZE[issue.origin ?? '']
      if (size) return `内容过长：最多 ${size(n)}，请删减后重试`
      return `数值过大：不能超过 ${n}，请检查后重试`
    }
    case 'too_small': {
      const n = issue.minimum.toString()
      if (issue.origin === 'string' && Number(n) <= 1) return '此项不能为空，请填写后重试'
      const size = SIZE[issue.origin ?? '']
      if (size) return `内容过短：至少 ${size(n)}，请补充后重试`
      return `数值过小：不能小于 ${n}，请检查后重试`
    }
    case 'invalid_format':
      return '格式不正确，请检查后重试'
    case 'not_multiple_of':
      return `数值应为 ${String(issue.divisor)} 的倍数，请检查后重试`
    case 'unrecognized_keys':
      return `含有无法识别的内容（${issue.keys.join('、')}），请升级或重新安装本程序`
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '内容不正确，请检查后重试'
    default:
      return fallback(issue)
  }
}

z.config({ localeError: ledgerZodError })
