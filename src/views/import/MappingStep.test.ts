// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImportPreview } from './import-types'
import { NO_FIELD } from './import-view-model'
import MappingStep from './MappingStep.vue'
import { column, makePreview } from './preview-fixture'

let wrapper: VueWrapper | null = null

async function mountStep(preview: ImportPreview, changed: number[] = []): Promise<VueWrapper> {
  wrapper = mount(MappingStep, {
    props: { preview, changedColumns: new Set(changed), updating: false },
    global: { plugins: [[ElementPlus, { locale: zhCn }]] },
  })
  // el-table renders its rows after the first layout pass.
  await flushPromises()
  await new Promise((r) => setTimeout(r, 50))
  return wrapper
}

function tagOf(w: VueWrapper, letter: string) {
  return w.get(`.match-tag[data-column="${letter}"]`)
}

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('MappingStep', () => {
  it('shows each column’s letter, header path and match; low confidence is orange 需确认', async () => {
    const w = await mountStep(makePreview())
    expect(w.get('.header-text[data-column="E"]').text()).toBe('联系方式/手机')
    expect(tagOf(w, 'E').text()).toBe('自动识别 96%')
    expect(tagOf(w, 'E').classes()).toContain('el-tag--success')
    expect(tagOf(w, 'F').text()).toBe('需确认 62%')
    expect(tagOf(w, 'F').classes()).toContain('el-tag--warning')
    expect(w.get('.field-select[data-column="F"]').classes()).toContain('is-review')
    expect(w.text()).toContain('1 列需确认')
    expect(w.find('[data-testid="missing-required"]').exists()).toBe(false)
    expect(w.get('[data-testid="to-preview"]').attributes('disabled')).toBeUndefined()
  })

  it('flags a required field with no column and will not go on', async () => {
    const w = await mountStep(
      makePreview({
        columns: [column(1, '单位名称', 'name'), column(2, '负责人手机', 'principalPhone', 0.7)],
      }),
    )
    expect(w.get('[data-testid="missing-required"]').text()).toContain('必填项目没有对应的列：所属村（社区）')
    expect(w.get('[data-testid="to-preview"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="to-preview"]').trigger('click')
    expect(w.emitted('next')).toBeUndefined()
  })

  it('says when the last confirmed mapping was used', async () => {
    const w = await mountStep(makePreview({ mappingRemembered: true }))
    expect(w.get('[data-testid="mapping-remembered"]').text()).toContain('已使用上次确认的对应关系')
    expect(tagOf(w, 'F').text()).toBe('上次已确认')
  })

  it('a changed select asks for the new mapping; 不导入 is its own value', async () => {
    const w = await mountStep(makePreview(), [6])
    expect(tagOf(w, 'F').text()).toBe('已手动指定')
    const selects = w.findAllComponents(ElSelect)
    // A: 序号 shows 不导入 rather than an empty box.
    expect(selects[0]?.props('modelValue')).toBe(NO_FIELD)
    selects[5]?.vm.$emit('update:modelValue', NO_FIELD)
    selects[4]?.vm.$emit('update:modelValue', 'contactPhone')
    expect(w.emitted('set-mapping')).toEqual([
      [6, NO_FIELD],
      [5, 'contactPhone'],
    ])
  })

  it('offers a sheet picker only when several sheets hold data', async () => {
    const one = await mountStep(makePreview())
    expect(one.find('[data-testid="sheet-select"]').exists()).toBe(false)
    one.unmount()
    const two = await mountStep(
      makePreview({
        sheets: [
          { name: '2025年', rows: 40 },
          { name: '2026年', rows: 61 },
        ],
      }),
    )
    expect(two.find('[data-testid="sheet-select"]').exists()).toBe(true)
  })
})
