import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/client'
import type { LookupItem } from '../api/types'

export type LookupKind = 'village' | 'industry' | 'staff'

/** The picker list a spec's link (`ref.table`) chooses from. */
export function lookupKindOf(table: string | undefined): LookupKind {
  return table === 'industries' ? 'industry' : table === 'staff' ? 'staff' : 'village'
}

/**
 * The office's own short lists: 村（社区）, 行业类别 and 本单位人员 (the staff list, for the duty
 * roster's 姓名). Loaded once, refreshed after edits.
 */
export const useLookupsStore = defineStore('lookups', () => {
  const villages = ref<LookupItem[]>([])
  const industries = ref<LookupItem[]>([])
  const staff = ref<LookupItem[]>([])
  const loaded = ref(false)

  const villageNames = computed(() => new Map(villages.value.map((v) => [v.id, v.name])))
  const industryNames = computed(() => new Map(industries.value.map((v) => [v.id, v.name])))

  async function load(): Promise<void> {
    const [v, i, s] = await Promise.all([
      call('village.list', {}),
      call('industry.list', {}),
      call('staff.list', { includeInactive: false }),
    ])
    villages.value = v
    industries.value = i
    staff.value = s.map((p, n) => ({ id: p.id, name: p.name, sortOrder: n, enterpriseCount: 0 }))
    loaded.value = true
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load()
  }

  function items(kind: LookupKind): LookupItem[] {
    return kind === 'village' ? villages.value : kind === 'industry' ? industries.value : staff.value
  }

  return { villages, industries, staff, loaded, villageNames, industryNames, load, ensureLoaded, items }
})
