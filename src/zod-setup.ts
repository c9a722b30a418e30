import { z } from 'zod'
// the same Chinese messages as the core for zod's defaults in the shared form schemas
import '../electron/core/shared/zod-zh'

// zod probes for JIT support with `new Function('')`, which the page's CSP (script-src 'self',
// no 'unsafe-eval') refuses and reports as a violation. The renderer never needs the JIT path.
z.config({ jitless: true })
