// JSON paths as the API names them in its errors ("$.rules[3].points"), to put each error beside
// the control that edits that part of the document.

/** ['rules', 3, 'points'] → '$.rules[3].points' */
export const pathString = (parts) => '$' + parts.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')

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
    p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')
    if (!p || p === out[out.length - 1]) break
    out.push(p)
  }
  return out
}
