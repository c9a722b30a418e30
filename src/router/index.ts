import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import HomeView from '../views/home/HomeView.vue'
import NotEnabledView from '../views/placeholder/NotEnabledView.vue'
import { dutyPrintRoutes, dutyRoutes } from './duty-routes'
import { importRoutes } from './import-routes'
import { inspectionRoutes, printRoutes } from './inspection-routes'
import { backupRoutes, redirectOnIncident } from '../views/backups/routes'
import { auditRoutes } from '../views/audit/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title, shown in the window title as well. */
    title?: string
    /** For modules not built yet: what the module will do. */
    plan?: string
    /** Print views: rendered without the app's navigation and header. */
    bare?: boolean
  }
}

// Modules that are planned but not built: an honest page, no fake data.
const planned: { path: string; name: string; title: string; plan: string }[] = []

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: '工作台' } },
  {
    path: '/enterprises',
    name: 'enterprises',
    component: () => import('../views/enterprises/EnterpriseListView.vue'),
    meta: { title: '企业台账' },
  },
  ...inspectionRoutes,
  ...importRoutes,
  {
    path: '/activities',
    name: 'activities',
    component: () => import('../views/activities/ActivityListView.vue'),
    meta: { title: '活动记录' },
  },
  {
    path: '/letters',
    name: 'letters',
    component: () => import('../views/activities/LetterListView.vue'),
    meta: { title: '安全生产责任书', nav: '/activities' },
  },
  {
    path: '/fireworks',
    name: 'fireworks',
    component: () => import('../views/fireworks/FireworksView.vue'),
    meta: { title: '烟花爆竹' },
  },
  {
    path: '/fireworks/renewal',
    name: 'fireworks-renewal',
    component: () => import('../views/fireworks/RenewalView.vue'),
    meta: { title: '年底续证', nav: '/fireworks' },
  },
  {
    path: '/chemicals',
    name: 'chemicals',
    component: () => import('../views/chemicals/ChemicalsView.vue'),
    meta: { title: '危化品' },
  },
  {
    path: '/chemicals/list',
    name: 'chemical-list',
    component: () => import('../views/chemicals/ChemicalListView.vue'),
    meta: { title: '危险化学品台账' },
  },
  {
    path: '/chemicals/units',
    name: 'chem-units',
    component: () => import('../views/chemicals/ChemUnitListView.vue'),
    meta: { title: '危险化学品单元' },
  },
  {
    path: '/chemicals/licences',
    name: 'chem-licences',
    component: () => import('../views/chemicals/ChemLicenceListView.vue'),
    meta: { title: '危险化学品经营许可证' },
  },
  {
    path: '/statistics',
    name: 'statistics',
    component: () => import('../views/statistics/StatisticsView.vue'),
    meta: { title: '统计' },
  },
  ...dutyRoutes,
  ...planned.map((p) => ({
    path: p.path,
    name: p.name,
    component: NotEnabledView,
    meta: { title: p.title, plan: p.plan },
  })),
  {
    path: '/settings',
    name: 'settings',
    component: () => import('../views/settings/SettingsView.vue'),
    meta: { title: '数据与设置' },
  },
  ...backupRoutes,
  ...auditRoutes,
  ...printRoutes,
  ...dutyPrintRoutes,
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

// Hash history: the desktop app loads index.html from a custom protocol with no server routing.
export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes })
  redirectOnIncident(router)
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - 乡镇安全生产台账` : '乡镇安全生产台账'
  })
  return router
}
