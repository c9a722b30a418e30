// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../../electron/core/shared/validators'
import { setTransport, type Transport } from '../../api/client'
import type { Result } from '../../api/types'
import EnterpriseFormDialog from './EnterpriseFormDialog.vue'

type Reply = (input: unknown) => Result

/** A stand-in for the core: answers by handler name and records every call. */
function fakeCore(overrides: Record<string, Reply> = {}) {
  const calls: { name: string; input: unknown }[] = []
  const replies: Record<string, Reply> = {
    'village.list': () => ({ ok: true, data: [{ id: 7, name: '东湖村', sortOrder: 1, enterpriseCount: 0 }] }),
    'industry.list': () => ({
      ok: true,
      data: [{ id: 3, name: '机械制造', sortOrder: 1, enterpriseCount: 0 }],
    }),
    'enterprise.checkDuplicates': () => ({ ok: true, data: { creditCodeOwner: null, similar: [] } }),
    ...overrides,
  }
  const transport: Transport = {
    async invoke(name, input) {
      calls.push({ name, input })
      const reply = replies[name]
      if (!reply) throw new Error(`unexpected call ${name}`)
      return reply(input)
    },
  }
  return { calls, transport }
}

const BODY = '91329999MA0CW7QX2'
const EXPECTED = creditCodeCheckChar(BODY) as string
const WRONG = BODY + (EXPECTED === '0' ? '1' : '0')

type Exposed = {
  openCreate: (preset?: { villageId?: number }) => Promise<void>
  openEdit: (id: number) => Promise<void>
}

let wrapper: VueWrapper | null = null

async function openForm(transport: Transport, preset: { villageId?: number } = { villageId: 7 }) {
  setTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  const { useLookupsStore } = await import('../../stores/lookups')
  await useLookupsStore().load()
  wrapper = mount(EnterpriseFormDialog, {
    attachTo: document.body,
    global: { plugins: [pinia, [ElementPlus, { locale: zhCn }]] },
  })
  await (wrapper.vm as unknown as Exposed).openCreate(preset)
  await flushPromises()
}

function field(name: string): HTMLElement {
  const el = document.body.querySelector<HTMLElement>(`.enterprise-dialog [data-field="${name}"]`)
  if (!el) throw new Error(`no field ${name}`)
  return el
}

async function type(name: string, value: string): Promise<void> {
  const input = field(name).querySelector('input, textarea') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function clickSave(): Promise<void> {
  const save = document.body.querySelector<HTMLButtonElement>('.enterprise-dialog [data-testid="save"]')
  save?.click()
  await flushPromises()
  // Element Plus shows a form item's message after a short debounce.
  await new Promise((r) => setTimeout(r, 150))
  await flushPromises()
}

function errorBeside(name: string): string {
  return field(name).querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

beforeEach(() => {
  document.body.innerHTML = ''
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setTransport(null)
})

describe('enterprise form', () => {
  it('shows the Chinese credit-code message beside the field and does not save', async () => {
    const core = fakeCore()
    await openForm(core.transport)

    await type('name', '澄湾精密机械有限公司')
    await type('creditCode', WRONG.toLowerCase())
    await clickSave()

    expect(errorBeside('creditCode')).toBe(`统一社会信用代码第18位校验码应为 ${EXPECTED}，请核对营业执照`)
    expect(core.calls.map((c) => c.name)).not.toContain('enterprise.create')
    expect(document.body.querySelector('.enterprise-dialog')).not.toBeNull()
  })

  it('marks a missing 企业名称 and 所属村（社区） with the core’s messages', async () => {
    const core = fakeCore()
    await openForm(core.transport, {})
    await clickSave()
    expect(errorBeside('name')).toBe('企业名称至少2个字，请填写营业执照上的全称')
    expect(errorBeside('villageId')).toBe('请选择所属村（社区）')
    expect(core.calls.map((c) => c.name)).not.toContain('enterprise.create')
  })

  it('puts the core’s refusal of a duplicate credit code beside the field', async () => {
    const message = `统一社会信用代码 ${BODY}${EXPECTED} 已被“恒泰机械有限公司”使用，同一代码不能登记两次`
    const core = fakeCore({
      'enterprise.create': () => ({
        ok: false,
        error: {
          code: 'CONFLICT',
          message,
          details: { issues: [{ field: 'creditCode', message }], existingId: 9 },
        },
      }),
    })
    await openForm(core.transport)
    await type('name', '澄湾精密机械有限公司')
    await type('creditCode', BODY + EXPECTED)
    await clickSave()

    expect(core.calls.some((c) => c.name === 'enterprise.create')).toBe(true)
    expect(errorBeside('creditCode')).toBe(message)
    expect(errorBeside('name')).toBe('')
  })

  it('saves valid input as the core expects and says 已保存', async () => {
    const core = fakeCore({
      'enterprise.create': (input) => ({
        ok: true,
        data: { enterprise: { id: 1, ...(input as { data: object }).data }, similar: [] },
      }),
    })
    await openForm(core.transport)
    await type('name', '  澄湾精密机械有限公司 ')
    await type('creditCode', (BODY + EXPECTED).toLowerCase())
    await type('principalPhone', '139 0000 1111')
    await clickSave()

    const create = core.calls.find((c) => c.name === 'enterprise.create')
    expect(create?.input).toMatchObject({
      data: {
        name: '澄湾精密机械有限公司',
        creditCode: BODY + EXPECTED,
        villageId: 7,
        principalPhone: '13900001111',
        status: 'operating',
        riskLevel: null,
      },
    })
    expect(document.body.textContent).toContain('已保存')
    expect(wrapper?.emitted('saved')).toHaveLength(1)
  })

  it('sends the version it loaded and explains when someone else changed the record meanwhile', async () => {
    const stored = {
      id: 5,
      name: '恒泰机械有限公司',
      creditCode: null,
      legalRepresentative: null,
      principal: '王伟',
      principalPhone: null,
      safetyOfficer: null,
      safetyOfficerPhone: null,
      contactPhone: null,
      villageId: 7,
      address: null,
      industryId: 3,
      scale: null,
      employees: 20,
      flags: [],
      standardization: null,
      riskLevel: 'low',
      responsibilityLetterYear: null,
      status: 'operating',
      notes: null,
      villageName: '东湖村',
      industryName: '机械制造',
      version: 4,
      createdAt: '2026-01-01 08:00:00',
      updatedAt: '2026-01-01 08:00:00',
      deletedAt: null,
    }
    const conflict = '该企业的信息刚被修改过（可能在另一个窗口），请刷新后再保存，以免覆盖别人的修改'
    const core = fakeCore({
      'enterprise.get': () => ({ ok: true, data: stored }),
      'enterprise.update': () => ({ ok: false, error: { code: 'CONFLICT', message: conflict } }),
    })
    setTransport(core.transport)
    const pinia = createPinia()
    setActivePinia(pinia)
    wrapper = mount(EnterpriseFormDialog, {
      attachTo: document.body,
      global: { plugins: [pinia, [ElementPlus, { locale: zhCn }]] },
    })
    await (wrapper.vm as unknown as Exposed).openEdit(5)
    await flushPromises()
    expect((field('name').querySelector('input') as HTMLInputElement).value).toBe('恒泰机械有限公司')

    await type('principal', '李强')
    await clickSave()

    expect(core.calls.find((c) => c.name === 'enterprise.update')?.input).toMatchObject({
      id: 5,
      version: 4,
      data: { principal: '李强' },
    })
    const alert = document.body.querySelector('[data-testid="form-error"]')
    expect(alert?.textContent).toContain(conflict)
    expect(alert?.textContent).toContain('重新载入最新内容')
  })
})
