// Starts the GOV.UK Frontend components (error summary focus, service navigation menu, and so on).
import { initAll } from './dist/govuk/govuk-frontend.min.js'

initAll()
