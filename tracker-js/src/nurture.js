// The Nurture tracker. Every byte ships to every page of every site that embeds it, so the code
// favours small over clever; the build fails above 3 KB minified and gzipped.
//
// Module layout: pure helpers first (exported so the unit tests can reach them), then start(w),
// which wires everything to a window. build.mjs bundles `start(window)` into an IIFE, so the only
// global the page sees is `nurture`. Inside functions `let` is used throughout: it minifies shorter.

const PREFIX = 'nurture_'
const SESSION_MS = 18e5 // 30 minutes without an event ends a session
const DAY_MS = 864e5 // the server remembers event ids for a day: older retries could count twice
export const STORE_MAX = 200 // events kept for retry; the oldest go first
const MEMORY_MAX = 100 // events held in memory while waiting for consent
const BATCH_BYTES = 6e4 // under the server's 64 KB body limit (and the keepalive budget)
export const DOWNLOADS = /\.(pdf|zip|gz|dmg|exe|msi|apk|docx?|xlsx?|pptx?|csv|txt|mp[34]|mov)$/i
const FIELD_TYPES = /^(text|email|tel|url|number|search|radio|checkbox|select-one)$/
const SECRET_NAMES = /pass|pwd|card|cv[cv]|csc|iban|ssn|secret|token|\bcc|\bpin\b|\botp/i
const EMAIL = /^\S+@\S+\.\S+$/

/** Cuts a string to n characters without leaving half a surrogate pair (the server refuses those). */
export const cut = (s, n) => (s = String(s)).length > n ? s.slice(0, n).replace(/[\ud800-\udbff]$/, '') : s

/** Random id: 128 bits (or n × 32) as decimal digits. */
export const rid = (n) => crypto.getRandomValues(new Uint32Array(n || 4)).join('')

/** The server's map rules: at most 50 keys of ≤100 chars, values string (≤1000 here), number or boolean. */
export function cleanMap(map) {
  let out = {}
  let n = 0
  for (let k in map) {
    let v = map[k]
    if (n < 50 && k.length <= 100 && v != null) {
      let t = typeof v
      if (t == 'number' ? !isFinite(v) : t != 'boolean') v = cut(v, 1000)
      out[k] = v
      n++
    }
  }
  return out
}

/**
 * Splits off the email-click token: [the URL without `nt`, the token as sent (URL-safe, not decoded)].
 * Edits the text rather than re-serialising the query, so the page's other parameters stay byte for byte.
 */
export function takeToken(href) {
  let m = /[?&]nt=([^&#]*)/.exec(href)
  if (!m) return [href]
  return [(href.slice(0, m.index) + href.slice(m.index + m[0].length)).replace(/^([^?#]*)&/, '$1?'), m[1]]
}

/** 'download', 'outbound' or undefined for a clicked link (an <a>, which has the URL's parts). */
export function linkKind(a, host, downloads) {
  if (!/^https?:$/.test(a.protocol)) return
  if (downloads && (a.hasAttribute('download') || downloads.test(a.pathname))) return 'download'
  if (a.hostname != host) return 'outbound'
}

/**
 * What a submitted form may tell about a person: [email, traits]. Only visible, filled, typed fields;
 * never passwords, hidden or file inputs, text areas, anything under data-nurture-ignore, anything
 * whose name says secret (card, cvc, iban, password, token...) or whose value looks like a card number.
 */
export function formFields(form) {
  let email
  let traits = {}
  for (let el of form.elements) {
    let key = el.name || el.id
    let value = ('' + el.value).trim()
    let type = el.type
    if (
      !key || !value || !FIELD_TYPES.test(type) || (/^[rc]/.test(type) && !el.checked) ||
      el.closest('[data-nurture-ignore]') || SECRET_NAMES.test(key + ' ' + el.id + ' ' + el.autocomplete) ||
      /^\d{13,19}$/.test(value.replace(/[\s-]/g, ''))
    ) continue
    if (!email && EMAIL.test(value) && (type == 'email' || /mail/i.test(key))) email = value
    else traits[key] = value
  }
  return [email, cleanMap(traits)]
}

/** The retry store's bound: nothing older than the server's dedupe window, at most STORE_MAX, newest kept. */
export const bounded = (events, now) => events.filter((e) => now - e.ts < DAY_MS).slice(-STORE_MAX)

/** Batches within the server's limits: ≤500 events, ≤60 KB of UTF-8 each. */
export function batches(events) {
  let out = []
  let cur, size
  for (let e of events) {
    let n = new Blob([JSON.stringify(e)]).size + 1
    if (!cur || cur.length > 499 || (size += n) > BATCH_BYTES) out.push((cur = [])), (size = n)
    cur.push(e)
  }
  return out
}

/** Never let an exception reach the host page. */
const safe = (f) =>
  function () {
    try {
      return f.apply(this, arguments)
    } catch (e) {}
  }

/** Wires the tracker to a window: replaces the loader's queue function with the real one. */
export function start(w) {
  let d = w.document
  let nav = w.navigator
  let loc = w.location
  let hist = w.history
  let loader = w.nurture
  if (loader && loader.v) return // the script is on the page twice: the first one does the work
  let script = d.currentScript
  let now = () => Date.now()
  let on = (target, type, f, capture) => target.addEventListener(type, safe(f), capture)

  // ---- storage: localStorage, and the cookie for the visitor id. Nothing is written while !allowed(),
  // except the person's own choice (consent, opt-out).
  // One guarded helper (storage can throw: disabled, full, sandboxed): no value reads, null removes.
  let ls = (k, v) => {
    try {
      let s = w.localStorage
      return v === undefined ? s.getItem(PREFIX + k) : v === null ? s.removeItem(PREFIX + k) : s.setItem(PREFIX + k, v)
    } catch (e) {}
  }
  let put = (k, v) => allowed() && ls(k, v)
  let load = (k) => {
    try {
      return JSON.parse(ls(k))
    } catch (e) {}
  }
  let cookie = (v, age) => {
    try {
      d.cookie = PREFIX + 'id=' + v + ';path=/;max-age=' + age + ';samesite=lax' +
        (opt.cookieDomain ? ';domain=' + opt.cookieDomain : '') + (loc.protocol == 'https:' ? ';secure' : '')
    } catch (e) {}
  }

  let site, opt, base, downloads, dnt, out, granted, refused, until
  let vid, session, first, token, lastKey, lastUrl, pageId, timer
  let queue = [] // events not sent yet
  let visible = 0 // ms the current page was visible, not yet reported
  let since = 0 // when it last became visible (0 while hidden)
  let depth = 0 // max scroll depth of the current page, percent

  // Consent mode waits for consent; DNT/GPC (when respected) waits for it too; opt-out and refusal stop everything.
  let allowed = () => site && !out && !refused && (granted || (!opt.consent && !dnt))

  let forget = () => {
    queue = []
    cookie('', 0)
    ;['id', 's', 'ft', 'q'].forEach((k) => ls(k, null))
  }

  // ---- events
  function event(type, fields, props) {
    if (!site || out || refused) return
    let t = now()
    let s = (ls('s') || session || '').split('.')
    if (!s[1] || t - s[1] > SESSION_MS) s = [rid(2)]
    session = s[0] + '.' + t
    put('s', session)
    let e = {
      siteKey: site,
      visitorId: vid,
      eventId: rid(),
      type,
      url: loc.href,
      ts: t,
      props: cleanMap(Object.assign({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, lang: nav.language, sid: s[0] }, props)),
    }
    queue.push(Object.assign(e, fields))
    if (!allowed() && queue.length > MEMORY_MAX) queue.shift()
    schedule()
  }

  let key = () => (opt.hash ? loc.href : loc.href.split('#')[0])

  function page(props) {
    leave()
    let href = loc.href
    let referrer = lastUrl || d.referrer
    lastKey = key()
    lastUrl = href
    pageId = rid()
    event('page_view', { eventId: pageId, referrer, title: cut(d.title, 2048) }, Object.assign({ nt: token }, props))
    token = void 0
    first = first || { u: href, r: d.referrer, t: now() }
    since = d.visibilityState == 'hidden' ? 0 : now()
    depth = 0
  }

  function scroll() {
    let h = d.documentElement.scrollHeight
    depth = Math.max(depth, Math.min(100, Math.round(((w.scrollY + w.innerHeight) / h) * 100)))
  }

  // Reports the visible time since the last report and the deepest scroll of the current page.
  function leave() {
    if (since) (visible += now() - since), (since = 0)
    if (visible && pageId && opt.engagement !== false) {
      scroll()
      event('custom', { name: 'engagement', url: lastUrl }, { visible_ms: visible, scroll_pct: depth, pv: pageId })
    }
    visible = 0
  }

  function identify(email, traits) {
    // The first touch as this browser saw it; its landing URL carries the UTM parameters and click ids.
    let ft = load('ft') || first || {}
    event('identify', { email: String(email).trim(), traits: cleanMap(traits) }, { ft_url: ft.u, ft_referrer: ft.r, ft_ts: ft.t })
  }

  // ---- sending
  let schedule = () => allowed() && !timer && (timer = setTimeout(safe(flush), 1000))

  function flush(beacon) {
    clearTimeout(timer)
    timer = 0
    if (!allowed() || !queue.length) return
    ls('id', vid)
    cookie(vid, 34e6)
    first && !ls('ft') && ls('ft', JSON.stringify(first))
    let events = queue
    queue = []
    if (now() < until || nav.onLine === false) return save(events)
    batches(events).forEach((b) => send(b, beacon))
  }

  function send(events, beacon) {
    let body = JSON.stringify(events)
    // A beacon the browser accepted cannot report back; it counts as sent.
    let endpoint = base + '/collect'
    if (beacon && nav.sendBeacon && nav.sendBeacon(endpoint, body)) return
    if (!w.fetch) return events.forEach(pixel)
    // A string body goes as text/plain, a "simple" CORS request: no preflight, and the server reads it as JSON.
    w.fetch(endpoint, { method: 'POST', body, keepalive: true }).then(
      safe((r) => {
        let s = r.status
        // 413: one event per request (the batches are made to fit, so this is rare).
        if (s == 413) events[1] && events.forEach((e) => send([e]))
        else if (s == 429 || s > 499) {
          // Retry-After is only readable when the server exposes it to CORS; 5 s otherwise.
          until = now() + (+r.headers.get('Retry-After') || 5) * 1e3
          save(events)
          drain()
        } else if (s < 300 && ls('q')) drain() // the network is back: send what failed earlier
        // 400 (nothing valid), 404 (unknown site), other 4xx: retrying cannot help.
      }),
      safe(() => save(events))
    )
  }

  // Old browsers without fetch: one GIF request per event, props as p.<name>, traits as t.<name>.
  function pixel(e) {
    let q = ''
    let add = (k, v) => (q += '&' + encodeURIComponent(k) + '=' + encodeURIComponent(v))
    for (let k in e) {
      let v = e[k]
      if (typeof v == 'object') for (let j in v) add(k[0] + '.' + j, v[j])
      else add(k, v)
    }
    new w.Image().src = base + '/t.gif?' + q
  }

  let save = (events) => put('q', JSON.stringify(bounded((load('q') || []).concat(events), now())))

  // Moves stored events to the front of the queue (oldest first, so the server sees the visit in
  // order). Taken out of storage first, so another tab does not send them too.
  function drain() {
    if (!allowed()) return
    if (now() < until) return setTimeout(safe(drain), until - now())
    queue = (load('q') || []).concat(queue)
    ls('q', null)
    schedule()
  }

  // ---- the public function
  let calls = {
    init(siteKey, options) {
      if (site || !siteKey) return
      opt = options || {}
      base = (opt.api || new URL(script.src).origin).replace(/\/$/, '')
      site = siteKey
      downloads = opt.downloads === false ? 0 : opt.downloads ? RegExp('\\.(' + opt.downloads.join('|') + ')$', 'i') : DOWNLOADS
      dnt = opt.respectDnt && (nav.doNotTrack == 1 || nav.globalPrivacyControl)
      out = ls('o') == 1
      granted = ls('c') == 1
      refused = ls('c') == 0
      vid = (/(?:^|; )nurture_id=([^;]+)/.exec(d.cookie) || [])[1] || ls('id') || rid()

      // The email-click token leaves the address bar at once, so it is never bookmarked or shared.
      let parts = takeToken(loc.href)
      token = parts[1]
      if (token) safe(() => hist.replaceState(hist.state, '', parts[0]))()

      if (opt.auto !== false) {
        let check = () => setTimeout(safe(() => key() != lastKey && page()), 0)
        for (let m of ['pushState', 'replaceState']) {
          let original = hist[m]
          hist[m] = function () {
            let result = original.apply(this, arguments)
            check()
            return result
          }
        }
        on(w, 'popstate', check)
        opt.hash && on(w, 'hashchange', check)
        page()
      }
      on(w, 'scroll', scroll) // scroll listeners cannot delay scrolling: no need for passive
      // Hidden is the last moment a page is sure to see: report engagement and send by beacon.
      let hide = () => (leave(), flush(1))
      on(d, 'visibilitychange', () => (d.visibilityState == 'hidden' ? hide() : (since = now())))
      on(w, 'pagehide', hide)
      on(w, 'online', drain)
      let click = (e) => {
        let a = e.target.closest('a[href]') // a target without closest() throws, and on() swallows it
        let kind = a && linkKind(a, loc.hostname, downloads)
        if (kind && (kind != 'outbound' || opt.outbound !== false)) event('click', { name: kind }, { href: cut(a.href, 1000) })
      }
      on(d, 'click', click, true)
      on(d, 'submit', (e) => {
        let f = e.target
        if (opt.forms === false || f.closest('[data-nurture-ignore]')) return
        let fields = formFields(f)
        event('form_submit', { name: cut(f.getAttribute('id') || f.getAttribute('name') || 'form', 200) })
        fields[0] && identify(fields[0], fields[1])
        flush(1) // the page is probably about to go: a beacon outlives it, a fetch may be cut off
      }, true)
      drain()
    },
    page,
    track(name, props) {
      name && event('custom', { name: cut(name, 200) }, props)
    },
    identify,
    consent(yes) {
      granted = !!yes
      refused = !yes
      ls('c', yes ? 1 : 0)
      if (yes) drain()
      else forget()
    },
    optout(yes) {
      out = yes !== false
      ls('o', out ? 1 : null)
      out && forget()
    },
  }

  // An unknown name throws, and safe() swallows it.
  let api = safe((name, ...args) => calls[name](...args))
  api.v = 1
  w.nurture = api
  // Queued calls in order, but init first, so a call queued before it is not lost.
  ;[...((loader && loader.q) || [])].sort((a, b) => (b[0] == 'init') - (a[0] == 'init')).forEach((args) => api(...args))
}
