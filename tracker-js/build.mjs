// Builds dist/nurture.js: esbuild bundles src/nurture.js behind `start(window)` as one IIFE (so the
// page gets no global but `nurture`), terser minifies it, and the gzipped size is printed and held
// to the budget. The file is only rewritten when its content changes, so its modification time
// tells the browser tests whether the server (which embeds it) needs a rebuild.
import { build } from 'esbuild'
import { minify } from 'terser'
import { gzipSync } from 'node:zlib'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BUDGET = 3072 // bytes, minified and gzipped
const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, 'dist', 'nurture.js')

const bundled = await build({
  stdin: {
    contents: "import { start } from './nurture.js'\ntry { start(window) } catch (e) {}\n",
    resolveDir: join(here, 'src'),
    sourcefile: 'entry.js',
  },
  bundle: true,
  format: 'iife',
  target: 'es2017',
  write: false,
  legalComments: 'none',
})
const minified = await minify(bundled.outputFiles[0].text, {
  ecma: 2017,
  compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, toplevel: true },
  mangle: { toplevel: true },
  format: { comments: false },
})
const code = minified.code + '\n'
const gzipped = gzipSync(code, { level: 9 }).length

mkdirSync(dirname(out), { recursive: true })
if (!existsSync(out) || readFileSync(out, 'utf8') !== code) writeFileSync(out, code)
console.log(`dist/nurture.js: ${code.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET})`)
if (gzipped > BUDGET) {
  console.error(`dist/nurture.js is ${gzipped - BUDGET} bytes over the ${BUDGET}-byte budget`)
  process.exit(1)
}
