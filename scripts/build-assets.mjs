// Compiles the council stylesheet and copies the GOV.UK Frontend script and assets the pages use.
// Output goes to governance/static/dist/, which is generated and never committed.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const frontend = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const out = join(root, 'governance', 'static', 'dist')

mkdirSync(join(out, 'govuk'), { recursive: true })
const result = sass.compile(join(root, 'assets', 'governance.scss'), {
  style: 'compressed',
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ['import']
})
if (result.css.includes('GDS Transport')) {
  throw new Error('The stylesheet still names GDS Transport; councils must not use that font')
}
writeFileSync(join(out, 'governance.css'), result.css)
cpSync(join(frontend, 'govuk-frontend.min.js'), join(out, 'govuk', 'govuk-frontend.min.js'))
cpSync(join(frontend, 'assets', 'images'), join(out, 'govuk', 'assets', 'images'), { recursive: true })
cpSync(join(frontend, 'assets', 'manifest.json'), join(out, 'govuk', 'assets', 'manifest.json'))
console.log(`built ${join('governance', 'static', 'dist')} (${result.css.length} bytes of CSS)`)
