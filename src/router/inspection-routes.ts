import type { RouteRecordRaw } from 'vue-router'

// 检查与隐患: the module's pages share the /inspections prefix so the side navigation stays lit.
export const inspectionRoutes: RouteRecordRaw[] = [
  {
    path: '/inspections',
    name: 'inspections',
    component: () => import('../views/inspections/InspectionListView.vue'),
    meta: { title: '检查台账' },
  },
  {
    path: '/inspections/:id(\\d+)',
    name: 'inspection',
    component: () => import('../views/inspections/InspectionDetailView.vue'),
    meta: { title: '检查记录' },
  },
  {
    path: '/inspections/hazards',
    name: 'hazards',
    component: () => import('../views/inspections/HazardListView.vue'),
    meta: { title: '隐患整改台账' },
  },
  {
    path: '/inspections/documents',
    name: 'documents',
    component: () => import('../views/inspections/DocumentListView.vue'),
    meta: { title: '文书' },
  },
  {
    path: '/inspections/plan',
    name: 'inspection-plan',
    component: () => import('../views/inspections/InspectionPlanView.vue'),
    meta: { title: '年度检查计划' },
  },
  {
    path: '/inspections/setup',
    name: 'inspection-setup',
    component: () => import('../views/inspections/SetupView.vue'),
    meta: { title: '检查人员与检查表' },
  },
]

// Print views: A4 pages without the app chrome. The desktop app prints this window; the CLI opens
// the same address in Chromium and waits for body[data-print-ready="1"].
export const printRoutes: RouteRecordRaw[] = [
  {
    path: '/print/document/:id(\\d+)',
    name: 'print-document',
    component: () => import('../print/PrintView.vue'),
    meta: { title: '打印预览', bare: true },
  },
  {
    path: '/print/inspection/:id(\\d+)',
    name: 'print-inspection',
    component: () => import('../print/PrintView.vue'),
    meta: { title: '批量打印', bare: true },
  },
  {
    path: '/print/receipt/:id(\\d+)',
    name: 'print-receipt',
    component: () => import('../print/ReceiptPrint.vue'),
    meta: { title: '送达回执', bare: true },
  },
  {
    path: '/print/plan',
    name: 'print-plan',
    component: () => import('../print/PlanPrint.vue'),
    meta: { title: '检查计划打印', bare: true },
  },
  {
    path: '/print/draw/:id(\\d+)',
    name: 'print-draw',
    component: () => import('../print/PlanPrint.vue'),
    meta: { title: '抽取记录打印', bare: true },
  },
]
