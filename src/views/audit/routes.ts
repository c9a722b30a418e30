import type { RouteRecordRaw } from 'vue-router'

// 操作日志 (reached from 数据与设置 and from a record's 变更记录; 数据与设置 stays lit).
export const auditRoutes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./AuditView.vue'),
    meta: { title: '操作日志', nav: '/settings' },
  },
]
