import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** The side-navigation entry to light for pages outside its path (e.g. 导入 → 企业台账). */
    nav?: string
  }
}

// Excel import (wizard and 导入记录). `?ledger=` names the ledger; 企业台账 is the first user.
export const importRoutes: RouteRecordRaw[] = [
  {
    path: '/import',
    name: 'import',
    component: () => import('../views/import/ImportView.vue'),
    meta: { title: '导入台账', nav: '/enterprises' },
  },
  {
    path: '/import/history',
    name: 'import-history',
    component: () => import('../views/import/ImportHistoryView.vue'),
    meta: { title: '导入记录', nav: '/enterprises' },
  },
]
