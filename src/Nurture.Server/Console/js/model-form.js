// A form over a JSON document: controls bound to JSON paths, and the API's path-named errors shown
// under the control for that path (or its nearest ancestor that has one). The scoring model editor
// and the flow designer's inspector both use it.
import { h, field, setFieldError, select } from './dom.js'
import { pathString, getAt, setAt, ancestors } from './json-path.js'

export class DocumentForm {
  /** doc: the document edited in place; onChange(): after every edit. */
  constructor(doc, onChange) {
    this.doc = doc
    this.onChange = onChange
    this.fields = new Map() // path → field wrapper
  }

  reset(doc) {
    this.doc = doc
    this.fields.clear()
  }

  #bind(parts, label, control, read, hint) {
    const wrapper = field(label, control, hint)
    const path = pathString(parts)
    control.dataset.path = path
    this.fields.set(path, wrapper)
    control.addEventListener('input', () => {
      const { value, error } = read(control)
      setFieldError(wrapper, error || null)
      if (!error) {
        setAt(this.doc, parts, value)
        this.onChange?.(path)
      }
    })
    return wrapper
  }

  /** A number; empty leaves the key out (the server says when it is required). */
  number(parts, label, { hint, step = 'any', min } = {}) {
    const value = getAt(this.doc, parts)
    const control = h('input', { type: 'number', step, min, value: value ?? '', inputmode: 'decimal' })
    return this.#bind(parts, label, control, (c) => ({ value: c.value === '' ? undefined : Number(c.value) }), hint)
  }

  text(parts, label, { hint, placeholder } = {}) {
    const control = h('input', { type: 'text', value: getAt(this.doc, parts) ?? '', placeholder, spellcheck: false })
    return this.#bind(parts, label, control, (c) => ({ value: c.value === '' ? undefined : c.value }), hint)
  }

  choice(parts, label, options, { hint } = {}) {
    const control = select(options, getAt(this.doc, parts) ?? '')
    return this.#bind(parts, label, control, (c) => ({ value: c.value === '' ? undefined : c.value }), hint)
  }

  /** A yes/no; unchecked leaves the key out. */
  checkbox(parts, label, { hint } = {}) {
    const control = h('input', { type: 'checkbox', checked: getAt(this.doc, parts) === true })
    const wrapper = this.#bind(parts, label, control, (c) => ({ value: c.checked ? true : undefined }), hint)
    wrapper.classList.add('checkbox-field')
    return wrapper
  }

  /** A list of texts, typed one per line or separated by commas; empty leaves the key out. */
  list(parts, label, { hint, rows = 2 } = {}) {
    const value = getAt(this.doc, parts)
    const control = h('textarea', { rows, spellcheck: false }, Array.isArray(value) ? value.join('\n') : '')
    return this.#bind(parts, label, control, (c) => {
      const items = c.value.split(/[\n,]/).map((x) => x.trim()).filter(Boolean)
      return { value: items.length ? items : undefined }
    }, hint)
  }

  /** An object of texts, typed as name=value lines (a rule's props); empty leaves the key out. */
  pairs(parts, label, { hint, rows = 2 } = {}) {
    const value = getAt(this.doc, parts)
    const control = h('textarea', { rows, spellcheck: false, placeholder: 'plan=pro' },
      value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}=${v}`).join('\n') : '')
    return this.#bind(parts, label, control, (c) => {
      const lines = c.value.split('\n').map((x) => x.trim()).filter(Boolean)
      if (!lines.length) return { value: undefined }
      const bad = lines.find((l) => !/^[^=]+=/.test(l))
      if (bad) return { error: `"${bad}" is not name=value` }
      return { value: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()])) }
    }, hint)
  }

  /** Any JSON value as text (a rule's match, a flow's condition); refuses text that is not JSON. */
  json(parts, label, { hint, rows = 2 } = {}) {
    const value = getAt(this.doc, parts)
    const control = h('textarea', { rows, spellcheck: false, class: 'code' }, value === undefined ? '' : JSON.stringify(value))
    return this.#bind(parts, label, control, (c) => {
      if (c.value.trim() === '') return { value: undefined }
      try {
        return { value: JSON.parse(c.value) }
      } catch {
        return { error: 'is not valid JSON yet' }
      }
    }, hint)
  }

  /**
   * Shows errors ([{key, reason}] as ApiError lists them, keyed by JSON path) beside their controls;
   * answers those with no control for them or any ancestor (the caller lists them elsewhere).
   */
  showErrors(errors) {
    for (const wrapper of this.fields.values()) setFieldError(wrapper, null)
    const messages = new Map()
    const unplaced = []
    for (const e of errors) {
      const path = e.key || '$'
      const target = ancestors(path).find((p) => this.fields.has(p) && p !== '$')
      if (!target) {
        unplaced.push(e)
        continue
      }
      const detail = target === path ? e.reason : `${path.slice(target.length).replace(/^\./, '')} ${e.reason}`
      messages.set(target, [...(messages.get(target) || []), detail])
    }
    for (const [path, list] of messages) {
      const wrapper = this.fields.get(path)
      setFieldError(wrapper, list.join('; '))
      // An error inside a folded rule opens it, so the person sees where.
      wrapper.closest('details')?.setAttribute('open', '')
    }
    return { placed: [...messages.keys()], unplaced }
  }

  /** Controls made elsewhere (the condition builder's tests), by the paths their errors name. */
  adopt(fields) {
    for (const [path, wrapper] of Object.entries(fields)) this.fields.set(path, wrapper)
  }

  /** The control for a path (to focus it from an error summary). */
  control(path) {
    return this.fields.get(path)?.control
  }
}
