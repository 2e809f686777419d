// The whole tracker on a fake window: the call queue, page views and SPA routes, sending and
// retrying, consent, DNT and opt-out, forms, links and engagement. Timers and Date are mocked.
import { test, beforeEach, afterEach, mock } from 'node:test'
import assert from 'node:assert/strict'
import { start } from '../../src/nurture.js'
import { fakeWindow, element, link, settle } from './fake-window.mjs'

const T0 = 1_700_000_000_000

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 }))
afterEach(() => mock.timers.reset())

/** The snippet: a queue function, calls made before the script arrives, then the script. */
function boot(fake, ...calls) {
  const w = fake.w
  w.nurture = function () {
    ;(w.nurture.q = w.nurture.q || []).push(arguments)
  }
  for (const c of calls) w.nurture(...c)
  start(w)
  return w.nurture
}

async function tick(ms = 1000) {
  mock.timers.tick(ms)
  await settle()
  await settle()
}

test('queued calls run once the script loads, init first; page view carries tz, lang and session', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/?utm_source=news&gclid=g1', referrer: 'https://news.example/' })
  boot(fake, ['track', 'early', { a: 1 }], ['init', 'sk_test'])
  assert.equal(fake.sent.fetches.length, 0, 'batched, not sent at once')
  await tick()
  assert.equal(fake.sent.fetches.length, 1)
  const { endpoint, init, events } = fake.sent.fetches[0]
  assert.equal(endpoint, 'https://nurture.example/collect')
  assert.equal(init.method, 'POST')
  assert.equal(init.keepalive, true)
  assert.equal(typeof init.body, 'string', 'a string body: text/plain, no CORS preflight')
  assert.deepEqual(events.map((e) => e.type), ['page_view', 'custom'])
  const [pv, custom] = events
  assert.equal(pv.siteKey, 'sk_test')
  assert.equal(pv.url, 'https://shop.example/?utm_source=news&gclid=g1')
  assert.equal(pv.referrer, 'https://news.example/')
  assert.equal(pv.title, 'Page')
  assert.equal(pv.ts, T0)
  assert.equal(pv.props.lang, 'fr-FR')
  assert.equal(pv.props.tz, Intl.DateTimeFormat().resolvedOptions().timeZone)
  assert.ok(pv.props.sid)
  assert.equal(custom.name, 'early')
  assert.equal(custom.props.a, 1)
  assert.equal(custom.visitorId, pv.visitorId)
  assert.equal(custom.props.sid, pv.props.sid)
  assert.notEqual(custom.eventId, pv.eventId)
  assert.equal(fake.jar.get('nurture_id'), pv.visitorId, 'the id is in a first-party cookie')
  assert.equal(fake.store.get('nurture_id'), pv.visitorId, 'and in localStorage as the fallback')
  assert.deepEqual(JSON.parse(fake.store.get('nurture_ft')), { u: pv.url, r: 'https://news.example/', t: T0 })
})

test('the visitor id survives reloads: cookie first, localStorage when the cookie is gone', async () => {
  const fake = fakeWindow()
  boot(fake, ['init', 'sk'])
  await tick()
  const id = fake.events()[0].visitorId
  const again = fakeWindow()
  again.jar.set('nurture_id', id)
  boot(again, ['init', 'sk'])
  await tick()
  assert.equal(again.events()[0].visitorId, id)
  const cookieless = fakeWindow()
  cookieless.store.set('nurture_id', id)
  boot(cookieless, ['init', 'sk'])
  await tick()
  assert.equal(cookieless.events()[0].visitorId, id)
})

test('the session id lasts 30 minutes after the last event', async () => {
  const fake = fakeWindow()
  const nurture = boot(fake, ['init', 'sk'])
  await tick()
  await tick(29 * 60_000)
  nurture('track', 'a')
  await tick(31 * 60_000)
  nurture('track', 'b')
  await tick()
  const [pv, a, b] = fake.events()
  assert.equal(a.props.sid, pv.props.sid)
  assert.notEqual(b.props.sid, a.props.sid)
})

test('SPA: one page view per route change, none for same-URL replaceState or hash changes', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/app' })
  boot(fake, ['init', 'sk'])
  const h = fake.w.history
  await tick()
  h.pushState({}, '', '/app/a')
  await tick(0)
  h.replaceState({ x: 1 }, '', '/app/a') // state only
  h.pushState({}, '', '/app/b')
  h.replaceState({}, '', '/app/b?tab=2') // a redirect in the same tick: one page view, for where it ended
  await tick(0)
  h.pushState({}, '', '/app/b?tab=2#section') // hash only
  fake.w.dispatch('hashchange')
  await tick(0)
  fake.navigate('/app/a')
  fake.w.dispatch('popstate')
  await tick()
  const pvs = fake.events().filter((e) => e.type === 'page_view')
  assert.deepEqual(pvs.map((e) => new URL(e.url).pathname + new URL(e.url).search), ['/app', '/app/a', '/app/b?tab=2', '/app/a'])
  assert.equal(pvs[1].referrer, 'https://shop.example/app', 'an SPA page view is referred by the previous route')
})

test('hash option: hash changes are page views', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/#/home' })
  boot(fake, ['init', 'sk', { hash: true }])
  fake.navigate('#/pricing')
  fake.w.dispatch('hashchange')
  await tick()
  assert.deepEqual(fake.events().filter((e) => e.type === 'page_view').map((e) => new URL(e.url).hash), ['#/home', '#/pricing'])
})

test('engagement: visible time and max scroll depth on hide, sent by beacon', async () => {
  const fake = fakeWindow()
  boot(fake, ['init', 'sk'])
  await tick()
  await tick(4000)
  fake.w.scrollY = 1500 // (1500 + 500) / 2000 = 100 %
  fake.w.dispatch('scroll')
  fake.w.scrollY = 0
  fake.d.visibilityState = 'hidden'
  fake.d.dispatch('visibilitychange')
  assert.equal(fake.sent.beacons.length, 1)
  const [eng] = fake.sent.beacons[0].events
  assert.equal(eng.type, 'custom')
  assert.equal(eng.name, 'engagement')
  assert.equal(eng.props.visible_ms, 5000)
  assert.equal(eng.props.scroll_pct, 100)
  assert.equal(eng.props.pv, fake.events()[0].eventId)
  // Hidden time does not count; the next report has only the time since the page came back.
  await tick(60_000)
  fake.d.visibilityState = 'visible'
  fake.d.dispatch('visibilitychange')
  await tick(2000)
  fake.w.dispatch('pagehide')
  assert.equal(fake.sent.beacons[1].events[0].props.visible_ms, 2000)
})

test('an SPA route change reports the engagement of the route it leaves', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/a' })
  boot(fake, ['init', 'sk'])
  await tick(3000)
  fake.w.history.pushState({}, '', '/b')
  await tick(0)
  await tick()
  const eng = fake.events().find((e) => e.name === 'engagement')
  assert.equal(eng.url, 'https://shop.example/a')
  assert.equal(eng.props.visible_ms, 3000)
})

test('the email-click token: sent as props.nt with the page view, then gone from the address bar', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/offer?nt=tok_123&utm_source=email' })
  let replaced = 0
  const original = fake.w.history.replaceState
  fake.w.history.replaceState = (...args) => (replaced++, original(...args))
  boot(fake, ['init', 'sk'])
  assert.equal(fake.w.location.href, 'https://shop.example/offer?utm_source=email')
  assert.equal(replaced, 1)
  fake.w.nurture('track', 'later')
  await tick()
  const [pv, later] = fake.events()
  assert.equal(pv.props.nt, 'tok_123')
  assert.equal(pv.url, 'https://shop.example/offer?utm_source=email')
  assert.equal(later.props.nt, undefined)
  assert.equal(fake.events().filter((e) => e.type === 'page_view').length, 1, 'removing the token is not a page view')
})

test('network failure: events kept in localStorage, sent again with the same ids when back online', async () => {
  const fake = fakeWindow()
  fake.respond(() => new TypeError('Failed to fetch'))
  const nurture = boot(fake, ['init', 'sk'])
  nurture('track', 'one')
  await tick()
  const stored = JSON.parse(fake.store.get('nurture_q'))
  assert.deepEqual(stored.map((e) => e.type), ['page_view', 'custom'])
  fake.respond(() => ({ status: 202 }))
  fake.w.dispatch('online')
  await tick()
  assert.equal(fake.store.get('nurture_q'), undefined, 'taken out of storage')
  const ok = fake.sent.fetches.filter((f) => f.answer.status === 202)
  assert.equal(ok.length, 1)
  assert.deepEqual(ok[0].events.map((e) => e.eventId), stored.map((e) => e.eventId))
})

test('offline: nothing is tried; the next page sends the stored events first', async () => {
  const fake = fakeWindow()
  fake.w.navigator.onLine = false
  boot(fake, ['init', 'sk'])
  await tick()
  assert.equal(fake.sent.fetches.length, 0)
  const stored = JSON.parse(fake.store.get('nurture_q'))
  const next = fakeWindow({ url: 'https://shop.example/next' })
  for (const [k, v] of fake.store) next.store.set(k, v)
  boot(next, ['init', 'sk'])
  await tick()
  const events = next.events()
  assert.deepEqual(events.map((e) => e.url), ['https://shop.example/', 'https://shop.example/next'])
  assert.equal(events[0].eventId, stored[0].eventId)
})

test('503 with Retry-After: kept, then retried once after the wait', async () => {
  const fake = fakeWindow()
  let calls = 0
  fake.respond(() => (++calls === 1 ? { status: 503, headers: { 'Retry-After': '3' } } : { status: 202 }))
  boot(fake, ['init', 'sk'])
  await tick()
  fake.w.nurture('track', 'during the wait') // not sent before the wait is over
  await tick(1000)
  assert.equal(fake.sent.fetches.length, 1)
  await tick(2000)
  await tick(1000)
  assert.equal(fake.sent.fetches.length, 2)
  assert.deepEqual(fake.events().map((e) => e.type), ['page_view', 'custom'])
})

test('400, 404 and rejected events are not retried; 413 is split', async () => {
  for (const status of [400, 404]) {
    const fake = fakeWindow()
    fake.respond(() => ({ status }))
    boot(fake, ['init', 'sk'])
    await tick()
    fake.w.dispatch('online')
    await tick()
    assert.equal(fake.sent.fetches.length, 1, `no retry after ${status}`)
    assert.equal(fake.store.get('nurture_q'), undefined)
  }
  const fake = fakeWindow()
  fake.respond((events) => ({ status: events.length > 1 ? 413 : 202 }))
  const nurture = boot(fake, ['init', 'sk'])
  nurture('track', 'a')
  nurture('track', 'b')
  await tick()
  assert.deepEqual(fake.sent.fetches.map((f) => f.events.length), [3, 1, 1, 1])
})

test('the retry store is bounded', async () => {
  const fake = fakeWindow()
  fake.respond(() => new TypeError('offline'))
  const nurture = boot(fake, ['init', 'sk'])
  for (let i = 0; i < 250; i++) nurture('track', 'e' + i)
  await tick()
  const stored = JSON.parse(fake.store.get('nurture_q'))
  assert.equal(stored.length, 200)
  assert.equal(stored.at(-1).name, 'e249', 'the newest kept, the oldest dropped')
})

test('consent mode: nothing stored or sent until consent; queued events go out after it', async () => {
  const fake = fakeWindow()
  const nurture = boot(fake, ['init', 'sk', { consent: true }])
  nurture('track', 'before')
  await tick(5000)
  fake.w.dispatch('pagehide')
  assert.equal(fake.sent.fetches.length + fake.sent.beacons.length, 0)
  assert.equal(fake.store.size, 0)
  assert.equal(fake.jar.size, 0)
  nurture('consent', true)
  await tick()
  // The engagement of the hidden page waited in memory too.
  assert.deepEqual(fake.events().map((e) => e.name || e.type), ['page_view', 'before', 'engagement'])
  assert.ok(fake.jar.get('nurture_id'))
  assert.equal(fake.store.get('nurture_c'), '1', 'the choice is remembered')
  // Withdrawn: the id and everything else is deleted and nothing more is sent.
  nurture('consent', false)
  nurture('track', 'after')
  await tick()
  assert.equal(fake.jar.size, 0)
  assert.deepEqual([...fake.store.keys()], ['nurture_c'])
  assert.equal(fake.events().length, 3)
})

test('DNT and GPC are respected when respectDnt is on, and only then', async () => {
  for (const signal of [{ doNotTrack: '1' }, { globalPrivacyControl: true }]) {
    const fake = fakeWindow()
    Object.assign(fake.w.navigator, signal)
    boot(fake, ['init', 'sk', { respectDnt: true }])
    await tick()
    fake.w.dispatch('pagehide')
    assert.equal(fake.sent.fetches.length + fake.sent.beacons.length, 0)
    assert.equal(fake.store.size + fake.jar.size, 0)
    const ignoring = fakeWindow()
    Object.assign(ignoring.w.navigator, signal)
    boot(ignoring, ['init', 'sk'])
    await tick()
    assert.equal(ignoring.events().length, 1)
  }
})

test('optout: stops everything and deletes the id, remembered on the next page', async () => {
  const fake = fakeWindow()
  const nurture = boot(fake, ['init', 'sk'])
  await tick()
  nurture('optout')
  nurture('track', 'x')
  await tick()
  assert.equal(fake.events().length, 1)
  assert.equal(fake.jar.size, 0)
  assert.deepEqual([...fake.store.keys()], ['nurture_o'])
  const next = fakeWindow()
  next.store.set('nurture_o', '1')
  boot(next, ['init', 'sk'])
  await tick()
  assert.equal(next.sent.fetches.length, 0)
})

test('identify sends the email, traits and the first touch kept in the browser', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/?utm_source=ads', referrer: 'https://google.example/' })
  const nurture = boot(fake, ['init', 'sk'])
  await tick()
  fake.navigate('/pricing')
  nurture('identify', ' ann@example.com ', { name: 'Ann', seats: 5, nested: { no: 1 } })
  await tick()
  const id = fake.events().find((e) => e.type === 'identify')
  assert.equal(id.email, 'ann@example.com')
  assert.deepEqual(id.traits, { name: 'Ann', seats: 5, nested: '[object Object]' })
  assert.equal(id.props.ft_url, 'https://shop.example/?utm_source=ads')
  assert.equal(id.props.ft_referrer, 'https://google.example/')
  assert.equal(id.props.ft_ts, T0)
})

test('form submit: a form_submit event and an identify with safe fields; opted-out forms send nothing', async () => {
  const fake = fakeWindow()
  boot(fake, ['init', 'sk'])
  const f = element('form', { attrs: { id: 'signup' } })
  f.elements = [
    element('input', { type: 'email', name: 'email', value: 'ann@example.com', id: '', autocomplete: '' }, f),
    element('input', { type: 'text', name: 'company', value: 'ACME', id: '', autocomplete: '' }, f),
    element('input', { type: 'password', name: 'password', value: 'secret', id: '', autocomplete: '' }, f),
  ]
  const ignored = element('form', { attrs: { 'data-nurture-ignore': '' } })
  ignored.elements = f.elements
  fake.d.dispatch('submit', { target: ignored })
  fake.d.dispatch('submit', { target: f })
  const events = fake.events()
  assert.deepEqual(events.map((e) => e.type), ['page_view', 'form_submit', 'identify'], 'sent at once, the page may be leaving')
  assert.equal(fake.sent.beacons.length, 1, 'by beacon')
  assert.equal(events[1].name, 'signup')
  assert.deepEqual(events[2].traits, { company: 'ACME' })
})

test('outbound links and downloads are clicks; forms, links and outbound can be switched off', async () => {
  const fake = fakeWindow()
  boot(fake, ['init', 'sk'])
  const inner = element('span', {}, link('https://other.example/x'))
  fake.d.dispatch('click', { target: inner })
  fake.d.dispatch('click', { target: link('https://shop.example/a.pdf') })
  fake.d.dispatch('click', { target: link('https://shop.example/pricing') })
  fake.d.dispatch('click', { target: {} }) // a target without closest(): ignored quietly
  await tick()
  const clicks = fake.events().filter((e) => e.type === 'click')
  assert.deepEqual(clicks.map((e) => [e.name, e.props.href]), [['outbound', 'https://other.example/x'], ['download', 'https://shop.example/a.pdf']])

  const off = fakeWindow()
  boot(off, ['init', 'sk', { outbound: false, downloads: false, forms: false, engagement: false }])
  off.d.dispatch('click', { target: link('https://other.example/x') })
  off.d.dispatch('click', { target: link('https://shop.example/a.pdf') })
  const f = element('form')
  f.elements = [element('input', { type: 'email', name: 'email', value: 'a@b.co', id: '', autocomplete: '' }, f)]
  off.d.dispatch('submit', { target: f })
  await tick(5000)
  off.d.visibilityState = 'hidden'
  off.d.dispatch('visibilitychange')
  assert.deepEqual(off.events().map((e) => e.type), ['page_view'])

  const own = fakeWindow()
  boot(own, ['init', 'sk', { downloads: ['step'] }])
  own.d.dispatch('click', { target: link('https://shop.example/model.STEP') })
  own.d.dispatch('click', { target: link('https://shop.example/a.pdf') })
  await tick()
  assert.deepEqual(own.events().filter((e) => e.type === 'click').map((e) => e.props.href), ['https://shop.example/model.STEP'])
})

test('auto: false sends page views only when asked; api sets the server', async () => {
  const fake = fakeWindow({ url: 'https://shop.example/?nt=tok' })
  const nurture = boot(fake, ['init', 'sk', { auto: false, api: 'https://t.shop.example/' }])
  fake.w.history.pushState({}, '', '/x')
  await tick()
  assert.equal(fake.sent.fetches.length, 0)
  nurture('page', { section: 'docs' })
  await tick()
  const [pv] = fake.events()
  assert.equal(fake.sent.fetches[0].endpoint, 'https://t.shop.example/collect')
  assert.equal(pv.props.section, 'docs')
  assert.equal(pv.props.nt, 'tok', 'the token waits for the first page view')
})

test('without fetch: one GIF per event, props as p.<name>, traits as t.<name>', async () => {
  const fake = fakeWindow()
  delete fake.w.fetch
  const nurture = boot(fake, ['init', 'sk'])
  nurture('identify', 'ann@example.com', { name: 'Ann' })
  await tick()
  assert.equal(fake.sent.pixels.length, 2)
  const q = new URL(fake.sent.pixels[1]).searchParams
  assert.equal(new URL(fake.sent.pixels[1]).pathname, '/t.gif')
  assert.equal(q.get('type'), 'identify')
  assert.equal(q.get('email'), 'ann@example.com')
  assert.equal(q.get('t.name'), 'Ann')
  assert.equal(q.get('p.lang'), 'fr-FR')
})

test('never throws into the page: bad calls, broken storage, a second copy of the script', async () => {
  const fake = fakeWindow({ storageThrows: true })
  const nurture = boot(fake, ['no-such-call'], ['init', 'sk'], ['track'], ['track', { not: 'a name' }], ['identify'])
  assert.doesNotThrow(() => {
    nurture('init', 'other') // ignored: init once
    nurture('track', 'x', 'not an object')
    nurture('consent')
    nurture('__proto__')
    nurture('toString')
    fake.d.dispatch('submit', { target: {} })
    fake.w.dispatch('online')
  })
  const first = fake.w.nurture
  start(fake.w) // the script included twice
  assert.equal(fake.w.nurture, first)
  // consent() with no argument is a refusal: nothing is sent, nothing throws.
  await tick()
  assert.equal(fake.events().length, 0)

  const ok = fakeWindow({ storageThrows: true })
  boot(ok, ['init', 'sk'])
  await tick()
  assert.equal(ok.events().length, 1, 'works with storage disabled (id in the cookie)')
})
