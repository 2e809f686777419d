// A tiny stand-in for the browser objects the tracker touches: location, history, document (cookie,
// visibility, listeners), navigator (sendBeacon, onLine), localStorage, fetch and Image. Timers and
// Date are node's, mocked by the tests with mock.timers.

class Target {
  constructor() {
    this.listeners = {}
  }
  addEventListener(type, f) {
    ;(this.listeners[type] ||= []).push(f)
  }
  dispatch(type, event = {}) {
    for (const f of this.listeners[type] || []) f({ type, ...event })
  }
}

/** An element-like object for forms and links: attributes, closest() over a parent chain. */
export function element(tag, props = {}, parent = null) {
  const attrs = { ...(props.attrs || {}) }
  const el = {
    tagName: tag.toUpperCase(),
    parent,
    ...props,
    getAttribute: (n) => (n in attrs ? attrs[n] : null),
    hasAttribute: (n) => n in attrs,
    closest(selector) {
      for (let e = el; e; e = e.parent) if (matches(e, selector)) return e
      return null
    },
  }
  return el
}

function matches(el, selector) {
  if (selector === '[data-nurture-ignore]') return el.hasAttribute('data-nurture-ignore')
  if (selector === 'a[href]') return el.tagName === 'A' && el.hasAttribute('href')
  throw new Error('fake closest() does not know ' + selector)
}

/** A link element with the URL parts a real <a> has. */
export function link(href, attrs = {}, parent = null) {
  const u = new URL(href)
  return element('a', { href: u.href, protocol: u.protocol, hostname: u.hostname, pathname: u.pathname, attrs: { href, ...attrs } }, parent)
}

export function fakeWindow({ url = 'https://shop.example/', referrer = '', scriptSrc = 'https://nurture.example/nurture.js', storageThrows = false } = {}) {
  const w = new Target()
  const d = new Target()
  const store = new Map()
  const jar = new Map()
  const sent = { fetches: [], beacons: [], pixels: [] }
  let href = url
  let responder = () => ({ status: 202 })

  w.location = {
    get href() {
      return href
    },
    get hostname() {
      return new URL(href).hostname
    },
    get protocol() {
      return new URL(href).protocol
    },
  }
  const go = (state, _title, to) => {
    w.history.state = state
    if (to != null) href = new URL(to, href).href
  }
  w.history = { state: null, pushState: go, replaceState: go }
  w.document = d
  d.referrer = referrer
  d.title = 'Page'
  d.visibilityState = 'visible'
  d.documentElement = { scrollHeight: 2000 }
  d.currentScript = { src: scriptSrc }
  Object.defineProperty(d, 'cookie', {
    get: () => [...jar].map(([k, v]) => k + '=' + v).join('; '),
    set(text) {
      const [pair, ...attrs] = text.split(';')
      const [k, v] = pair.split('=')
      if (attrs.some((a) => /^max-age=0$/i.test(a.trim()))) jar.delete(k)
      else jar.set(k, v)
    },
  })
  w.navigator = {
    language: 'fr-FR',
    onLine: true,
    sendBeacon(endpoint, body) {
      sent.beacons.push({ endpoint, events: JSON.parse(body) })
      return true
    },
  }
  const storage = {
    getItem: (k) => (store.has(k) ? store.get(k) : null),
    setItem: (k, v) => store.set(k, String(v)),
    removeItem: (k) => store.delete(k),
  }
  Object.defineProperty(w, 'localStorage', {
    get() {
      if (storageThrows) throw new Error('SecurityError: storage is disabled')
      return storage
    },
  })
  w.scrollY = 0
  w.innerHeight = 500
  w.fetch = (endpoint, init) => {
    const events = JSON.parse(init.body)
    const answer = responder(events, endpoint, init)
    sent.fetches.push({ endpoint, init, events, answer })
    if (answer instanceof Error) return Promise.reject(answer)
    const headers = answer.headers || {}
    return Promise.resolve({ status: answer.status, headers: { get: (n) => headers[n] ?? null } })
  }
  w.Image = class {
    set src(value) {
      sent.pixels.push(value)
    }
  }

  return {
    w,
    d,
    store,
    jar,
    sent,
    /** Every event that reached fetch or a beacon, in order. */
    events: () => [...sent.fetches.filter((f) => !(f.answer instanceof Error) && f.answer.status < 300).flatMap((f) => f.events), ...sent.beacons.flatMap((b) => b.events)],
    respond(f) {
      responder = f
    },
    navigate(to) {
      href = new URL(to, href).href
    },
  }
}

/** Lets resolved promises (fetch answers) run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve))
