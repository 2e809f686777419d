// JSON paths as the API names the place of a problem in a body ("$.rules[3].points",
// "$.traits['Company Name']"), to put each error beside the control that edits that part of the document.

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/
// The last step of a path: .name, [3] or ['any name'] (with \' and \\ escaped inside).
const LAST = /(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\['(?:[^'\\]|\\.)*'\])$/

const ESCAPES = { "'": "\\'", '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const escape = (c) => ESCAPES[c] || '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')

/** A member name as the server writes it: .name when it is a plain identifier, else ['name'] escaped (RFC 9535). */
const member = (name) => (PLAIN.test(name) ? `.${name}` : `['${name.replace(/['\\\u0000-\u001f]/g, escape)}']`)

/** ['rules', 3, 'points'] → '$.rules[3].points'; ['traits', 'Company Name'] → "$.traits['Company Name']" */
export const pathString = (parts) => '$' + parts.map((p) => (typeof p === 'number' ? `[${p}]` : member(String(p)))).join('')

/** True when the key names a place in a JSON body (it starts at $), not a parameter, header or form field. */
export const isPath = (key) => key === '$' || /^\$[.[]/.test(key || '')

/** '$.rules[1].points' → 'rules[1].points'; '$' → 'the body'; other keys (limit, Content-Type) as they are. */
export const pathLabel = (key) => (key === '$' ? 'the body' : isPath(key) ? key.slice(1).replace(/^\./, '') : key)

export function getAt(obj, parts) {
  return parts.reduce((o, p) => (o === undefined || o === null ? undefined : o[p]), obj)
}

/** Sets a value, making objects on the way; undefined deletes the key. */
export function setAt(obj, parts, value) {
  let o = obj
  for (const [i, p] of parts.slice(0, -1).entries()) {
    if (o[p] === undefined || o[p] === null || typeof o[p] !== 'object') o[p] = typeof parts[i + 1] === 'number' ? [] : {}
    o = o[p]
  }
  const last = parts[parts.length - 1]
  if (value === undefined) delete o[last]
  else o[last] = value
}

/** '$.rules[3].match.path' → ['$.rules[3].match.path', '$.rules[3].match', '$.rules[3]', '$.rules', '$'] */
export function ancestors(path) {
  const out = [path]
  let p = path
  while (p !== '$') {
    p = p.replace(LAST, '')
    if (!p || p === out[out.length - 1]) break
    out.push(p)
  }
  return out
}
