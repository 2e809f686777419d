// Building DOM without innerHTML: every value from the API lands as text, never as markup.

/**
 * h('button', { class: 'primary', onclick: save, 'aria-label': 'Save' }, 'Save')
 * Props: class, text, on<event> handlers, dataset (object), value/checked/disabled/… as properties,
 * anything else as an attribute (false/null/undefined leave it out). Children: nodes, strings,
 * numbers, arrays (flattened), null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  setProps(el, props)
  append(el, children)
  return el
}

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'readOnly', 'required', 'open'])

export function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'class') el.className = value || ''
    else if (key === 'text') el.textContent = value ?? ''
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (PROPERTIES.has(key)) el[key] = value
    else if (value === false || value === null || value === undefined) el.removeAttribute(key)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

/** Empties an element and fills it with new children. */
export function replace(el, ...children) {
  el.replaceChildren()
  return append(el, children)
}

/** An SVG element (charts, the flow designer's edges). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (value !== null && value !== undefined && value !== false) el.setAttribute(key, String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

let uid = 0
/** A unique id for label/aria wiring. */
export const nextId = (prefix = 'f') => `${prefix}-${++uid}`

/** A labelled form field: the label, the control, and a slot for its error (aria-describedby). */
export function field(label, control, hint) {
  control.id ||= nextId('field')
  const error = h('p', { class: 'field-error', id: control.id + '-error', hidden: true })
  const help = hint ? h('p', { class: 'hint', id: control.id + '-hint' }, hint) : null
  control.setAttribute('aria-describedby', [help?.id, error.id].filter(Boolean).join(' '))
  const wrapper = h('div', { class: 'field' }, h('label', { for: control.id }, label), control, help, error)
  wrapper.control = control
  wrapper.error = error
  return wrapper
}

/** Shows (or, with null, clears) the error under a field made by field(). */
export function setFieldError(wrapper, message) {
  wrapper.error.hidden = !message
  wrapper.error.textContent = message || ''
  if (message) wrapper.control.setAttribute('aria-invalid', 'true')
  else wrapper.control.removeAttribute('aria-invalid')
}

/** A select with options given as [value, label] pairs or plain strings. */
export function select(options, value, props = {}) {
  return h('select', props, options.map((o) => {
    const [v, label] = Array.isArray(o) ? o : [o, o]
    return h('option', { value: v, selected: String(v) === String(value ?? '') }, label)
  }))
}

/** A short-lived message in the polite live region (screen readers hear it too). */
export function toast(message, kind = 'info') {
  const host = document.getElementById('toasts')
  const item = h('div', { class: 'toast ' + kind }, message)
  host.append(item)
  setTimeout(() => item.remove(), 6000)
}
