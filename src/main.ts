import './zod-setup'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './router'
import './styles/app.css'

const app = createApp(App)
app.use(createPinia())
app.use(createAppRouter())
// The whole library keeps the build simple; everything ships in the bundle (no CDN, no web fonts).
app.use(ElementPlus, { locale: zhCn })
app.mount('#app')
