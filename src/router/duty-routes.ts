import type { RouteRecordRaw } from 'vue-router'

// 值班: the module's pages share the /duty prefix so the side navigation stays lit.
export const dutyRoutes: RouteRecordRaw[] = [
  {
    path: '/duty',
    name: 'duty',
    component: () => import('../views/duty/DutyRosterView.vue'),
    meta: { title: '值班表' },
  },
  {
    path: '/duty/shifts',
    name: 'duty-shifts',
    component: () => import('../views/duty/DutyShiftListView.vue'),
    meta: { title: '班次列表' },
  },
  {
    path: '/duty/log',
    name: 'duty-log',
    component: () => import('../views/duty/DutyLogView.vue'),
    meta: { title: '值班日志' },
  },
  {
    path: '/duty/daily',
    name: 'duty-daily',
    component: () => import('../views/duty/DutyDailyView.vue'),
    meta: { title: '值班日报' },
  },
  {
    path: '/duty/setup',
    name: 'duty-setup',
    component: () => import('../views/duty/DutySetupView.vue'),
    meta: { title: '值班人员与节假日' },
  },
]

// A4 print views of the roster and the daily report (no app chrome).
export const dutyPrintRoutes: RouteRecordRaw[] = [
  {
    path: '/print/duty-roster',
    name: 'print-duty-roster',
    component: () => import('../print/DutyRosterPrint.vue'),
    meta: { title: '值班表打印', bare: true },
  },
  {
    path: '/print/duty-daily',
    name: 'print-duty-daily',
    component: () => import('../print/DutyDailyPrint.vue'),
    meta: { title: '值班日报打印', bare: true },
  },
]
