import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/client'

const REMEMBER = 'ledger.operator'

/** Who is working (操作人员) and whether an 应用锁 is set: the header and 数据与设置 share it. */
export const useSessionStore = defineStore('session', () => {
  const operator = ref<string | null>(null)
  const operators = ref<string[]>([])
  const lockEnabled = ref(false)
  const locked = ref(false)

  async function load(): Promise<void> {
    const s = await call('session.get', {})
    operator.value = s.operator
    operators.value = s.operators
    lockEnabled.value = s.lockEnabled
    locked.value = s.locked
  }

  async function choose(name: string): Promise<void> {
    const s = await call('session.setOperator', { name })
    operator.value = s.operator
    operators.value = s.operators
    localStorage.setItem(REMEMBER, name)
  }

  /** The name chosen last on this computer, if it is still in 本单位人员. */
  function remembered(): string | null {
    const last = localStorage.getItem(REMEMBER)
    return last && operators.value.includes(last) ? last : null
  }

  function remember(name: string): void {
    localStorage.setItem(REMEMBER, name)
  }

  return { operator, operators, lockEnabled, locked, load, choose, remembered, remember }
})
