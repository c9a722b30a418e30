import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/client'
import type { Settings } from '../api/types'

/** 乡镇名称 and 机构名称, shown in the header and used on printed documents. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ townshipName: '', officeName: '' })
  const loaded = ref(false)

  const townshipName = computed(() => settings.value.townshipName.trim())

  async function load(): Promise<void> {
    settings.value = await call('settings.get', {})
    loaded.value = true
  }

  async function update(patch: Partial<Settings>): Promise<void> {
    settings.value = await call('settings.update', patch)
  }

  return { settings, loaded, townshipName, load, update }
})
