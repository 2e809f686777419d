// A refused call's errors put where the person can act on them: each under the field its key names
// (a body field's JSON path, or a parameter's or form field's name), the rest in the form's summary.
import { setFieldError } from './dom.js'
import { ancestors, isPath, pathLabel } from './json-path.js'

/**
 * fields: { key: wrapper made by field() } with keys as the API names them ('$.email', 'file'); an error
 * under a key's child ('$.traits.company' for '$.traits') goes to that field, saying which part.
 * summary: an element (role=alert) for the rest, hidden when there is none. Clears earlier errors first;
 * answers the errors that had no field.
 */
export function showProblem(error, fields, summary) {
  for (const wrapper of Object.values(fields)) setFieldError(wrapper, null)
  const placed = new Map()
  const rest = []
  for (const e of error?.errors || []) {
    const key = isPath(e.key) ? ancestors(e.key).find((k) => k !== '$' && fields[k]) : fields[e.key] ? e.key : undefined
    if (!key) {
      rest.push(e)
      continue
    }
    const text = key === e.key ? e.reason : `${pathLabel(e.key).slice(pathLabel(key).length).replace(/^\./, '')} ${e.reason}`
    placed.set(key, [...(placed.get(key) || []), text])
  }
  for (const [key, texts] of placed) setFieldError(fields[key], texts.join('; '))
  if (summary) {
    const lines = rest.map((e) => (e.key === '$' ? e.reason.charAt(0).toUpperCase() + e.reason.slice(1) : `${pathLabel(e.key)}: ${e.reason}`))
    // A problem with nothing to place still says what happened.
    if (error && !placed.size && !lines.length) lines.push(error.message)
    summary.textContent = lines.join(' · ')
    summary.hidden = lines.length === 0
  }
  return rest
}
