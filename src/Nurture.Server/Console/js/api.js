// The console's only way to the server: the same /api and Bearer keys as any other client.
import { pathLabel } from './json-path.js'

const STORAGE = 'nurture.session'

/** The signed-in session ({key, expiresAt, user}) kept in this browser until sign-out or expiry. */
export const session = {
  get() {
    try {
      const s = JSON.parse(localStorage.getItem(STORAGE) || 'null')
      if (s && s.key && (!s.expiresAt || new Date(s.expiresAt) > new Date())) return s
    } catch {
      // A damaged entry is the same as none.
    }
    return null
  },
  set(value) {
    localStorage.setItem(STORAGE, JSON.stringify(value))
  },
  clear() {
    localStorage.removeItem(STORAGE)
  },
}

/**
 * A refused or failed call, read from the API's one error shape (RFC 9457 problem details): status, title,
 * detail, and errors keyed by where the problem is: a JSON path from $ for a body field ($.traits.company,
 * $.rules[1].points, $ for the body), the name of a query or route parameter, header or form field (limit,
 * id, Content-Type, file). `errors` lists them as [{key, reason}]; `problem` is the whole body, for the
 * extensions (existing, locations, retryAfter).
 */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `The server answered ${status}`)
    this.status = status
    this.title = body?.title || ''
    this.problem = body && typeof body === 'object' ? body : {}
    const errors = this.problem.errors && typeof this.problem.errors === 'object' && !Array.isArray(this.problem.errors) ? this.problem.errors : {}
    this.errors = Object.entries(errors).flatMap(([key, reasons]) => [].concat(reasons).map((reason) => ({ key, reason: String(reason) })))
  }

  /** The reasons given at one key ('$.email', 'file'). */
  at(key) {
    return this.errors.filter((e) => e.key === key).map((e) => e.reason)
  }

  /** One line for a toast: what happened and the first few reasons, each with where. */
  get summary() {
    const reasons = this.errors.slice(0, 3).map((e) => (e.key === '$' ? e.reason : `${pathLabel(e.key)}: ${e.reason}`))
    return [this.message, ...reasons].join(' ')
  }
}

export function authHeaders() {
  const s = session.get()
  return s ? { Authorization: 'Bearer ' + s.key } : {}
}

/**
 * api('/api/leads?q=ann') → parsed JSON (null for 204). Options: method, json (a body to send as
 * JSON), body (sent as is, e.g. FormData), signal. Throws ApiError on any non-2xx; a 401 also ends
 * the session so the app shows the sign-in page.
 */
export async function api(path, { method = 'GET', json, body, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...authHeaders() }
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = typeof json === 'string' ? json : JSON.stringify(json)
  }
  let response
  try {
    response = await fetch(path, { method, headers, body, signal })
  } catch (e) {
    if (e.name === 'AbortError') throw e
    throw new ApiError(0, { title: 'The server cannot be reached.' })
  }
  const text = await response.text()
  let parsed = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = { title: text.slice(0, 200) }
  }
  if (response.status === 401 && !path.endsWith('/auth/sign-in')) {
    session.clear()
    window.dispatchEvent(new CustomEvent('nurture:signed-out'))
  }
  if (!response.ok) throw new ApiError(response.status, parsed)
  return parsed
}

/** '?a=1&b=x' from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v)
  const s = q.toString()
  return s ? '?' + s : ''
}
