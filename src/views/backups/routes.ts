import type { RouteRecordRaw, Router } from 'vue-router'
import { call } from '../../api/client'

// 备份与恢复 (reached from 数据与设置, which stays lit in the side navigation).
export const backupRoutes: RouteRecordRaw[] = [
  {
    path: '/backups',
    name: 'backups',
    component: () => import('./BackupsView.vue'),
    meta: { title: '备份与恢复', nav: '/settings' },
  },
]

/**
 * When the program found its data file damaged at start (and moved it to quarantine/), the first
 * screen is 备份与恢复, which explains what happened and offers the newest verified backup.
 */
export function redirectOnIncident(router: Router): void {
  let checked = false
  router.beforeEach(async (to) => {
    if (checked || to.meta.bare) return true
    checked = true
    try {
      const s = await call('backup.list', {})
      if (s.incident && to.name !== 'backups') return { name: 'backups' }
    } catch {
      // the page itself shows why the core cannot answer
    }
    return true
  })
}
