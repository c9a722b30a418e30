import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/client'
import type { LookupItem } from '../api/types'

export type LookupKind = 'village' | 'industry'

/** The office's own short lists: 村（社区） and 行业类别. Loaded once, refreshed after edits. */
export const useLookupsStore = defineStore('lookups', () => {
  const villages = ref<LookupItem[]>([])
  const industries = ref<LookupItem[]>([])
  const loaded = ref(false)

  const villageNames = computed(() => new Map(villages.value.map((v) => [v.id, v.name])))
  const industryNames = computed(() => new Map(industries.value.map((v) => [v.id, v.name])))

  async function load(): Promise<void> {
    const [v, i] = await Promise.all([call('village.list', {}), call('industry.list', {})])
    villages.value = v
    industries.value = i
    loaded.value = true
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load()
  }

  function items(kind: LookupKind): LookupItem[] {
    return kind === 'village' ? villages.value : industries.value
  }

  return { villages, industries, loaded, villageNames, industryNames, load, ensureLoaded, items }
})
