// State of a ledger list page, for any spec: the route query is the single source of filters.
import { ElMessage, ElMessageBox } from 'element-plus'
import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { LedgerSpec } from '../../electron/core/shared/kit/spec'
import { errorMessage } from '../api/client'
import { ledgerCall, type LedgerRecord } from './api'
import {
  emptyState,
  hasFilters,
  parseRouteQuery,
  toListInput,
  toRouteQuery,
  type ListExtras,
  type ListState,
} from './list-state'

export function useLedgerList(spec: LedgerSpec, routeName: string, extras?: ListExtras) {
  const route = useRoute()
  const router = useRouter()

  const routeState = computed(() => parseRouteQuery(spec, route.query, extras))
  // Two quick clicks in a multi-select must not lose the first one while the route catches up.
  const pending = shallowRef<ListState | null>(null)
  const state = computed(() => pending.value ?? routeState.value)
  const filtered = computed(() => hasFilters(state.value))
  const rows = ref<LedgerRecord[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')
  const selection = ref<LedgerRecord[]>([])

  let seq = 0
  async function fetch(): Promise<void> {
    const mine = ++seq
    const s = routeState.value
    loading.value = true
    try {
      const r = await ledgerCall(spec, 'list', toListInput(s, extras))
      if (mine !== seq) return
      // Records removed elsewhere can leave the clerk on a page past the end: go to the last page.
      const lastPage = Math.max(1, Math.ceil(r.total / s.pageSize))
      if (r.rows.length === 0 && s.page > lastPage) {
        await update({ page: lastPage })
        return
      }
      rows.value = r.rows
      total.value = r.total
      error.value = ''
    } catch (err) {
      if (mine !== seq) return
      error.value = errorMessage(err)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  watch(
    () => (route.name === routeName ? JSON.stringify(toRouteQuery(routeState.value)) : null),
    (key) => {
      if (key !== null) void fetch()
    },
    { immediate: true },
  )

  /** Changes the state; any change other than paging starts again at page 1. */
  async function update(patch: Partial<ListState>): Promise<void> {
    const keepsPage = 'page' in patch
    const next: ListState = { ...state.value, ...patch, page: keepsPage ? (patch.page ?? 1) : 1 }
    pending.value = next
    try {
      await router.replace({ name: routeName, query: toRouteQuery(next) })
    } finally {
      if (pending.value === next) pending.value = null
    }
  }

  async function clearFilters(): Promise<void> {
    await update({ ...emptyState(), deleted: state.value.deleted, pageSize: state.value.pageSize })
  }

  const nameOf = (r: LedgerRecord) => String(r[spec.nameField] ?? '')

  async function remove(list: readonly LedgerRecord[]): Promise<void> {
    if (list.length === 0) return
    const what =
      list.length === 1
        ? `“${nameOf(list[0] as LedgerRecord)}”`
        : `选中的 ${list.length} ${spec.unit}${spec.label}`
    try {
      await ElMessageBox.confirm(`确定将${what}移入回收站吗？移入后可在回收站中恢复。`, '移入回收站', {
        confirmButtonText: '移入回收站',
        cancelButtonText: '取消',
        type: 'warning',
      })
    } catch {
      return
    }
    try {
      const r = await ledgerCall(spec, 'remove', { ids: list.map((e) => e.id) })
      ElMessage.success(`已将 ${r.changed} ${spec.unit}${spec.label}移入回收站`)
      await fetch()
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  async function restore(list: readonly LedgerRecord[]): Promise<void> {
    if (list.length === 0) return
    try {
      const r = await ledgerCall(spec, 'restore', { ids: list.map((e) => e.id) })
      ElMessage.success(`已恢复 ${r.changed} ${spec.unit}${spec.label}`)
      await fetch()
    } catch (err) {
      ElMessage.error(errorMessage(err))
    }
  }

  async function bulkSet(list: readonly LedgerRecord[], data: Record<string, unknown>): Promise<boolean> {
    try {
      const r = await ledgerCall(spec, 'bulkSet', { ids: list.map((e) => e.id), data })
      ElMessage.success(`已修改 ${r.changed} ${spec.unit}${spec.label}，每条记录的变更记录中都有这次修改`)
      await fetch()
      return true
    } catch (err) {
      ElMessage.error(errorMessage(err))
      return false
    }
  }

  return {
    state,
    filtered,
    rows,
    total,
    loading,
    error,
    selection,
    fetch,
    update,
    clearFilters,
    remove,
    restore,
    bulkSet,
  }
}
