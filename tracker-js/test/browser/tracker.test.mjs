// The tracker in headless Chromium against the real server, ClickHouse and leads.
// One server and one browser for the file; a fresh browser context (a new visitor) per test.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { DIST, USER_AGENT, missingEnvironment, startWorld, waitFor, sleep } from './harness.mjs'

const skip = missingEnvironment()
if (skip) console.log(`# browser tests skipped: ${skip}`)

describe('tracker in a browser against the real server', { skip }, () => {
  let world

  before(async () => {
    world = await startWorld()
  }, { timeout: 240_000 })

  after(async () => {
    await world?.stop()
  })

  /** A new visitor: its own context (cookies, storage), a desktop Chrome user agent, error capture. */
  async function visitor(options = {}) {
    const context = await world.browser.newContext({ userAgent: USER_AGENT, timezoneId: 'Europe/Paris', locale: 'de-DE', ...options })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e))
    const collects = [] // every request to /collect or /t.gif: { events, status }
    context.on('request', (r) => {
      const url = new URL(r.url())
      if (url.origin !== world.server || !/^\/(collect|t\.gif)$/.test(url.pathname)) return
      const entry = { url: r.url(), events: url.pathname === '/collect' ? JSON.parse(r.postData() || '[]') : [], status: 0 }
      collects.push(entry)
      r.response().then((res) => (entry.status = res ? res.status() : -1), () => (entry.status = -1))
    })
    context.on('requestfailed', (r) => {
      const entry = collects.find((c) => c.url === r.url() && c.status === 0)
      if (entry) entry.status = -1
    })
    return { context, page, errors, collects }
  }

  const page = (path, spec = {}) => world.pages.set(path, spec)
  const visitorIdOf = async (context) => (await context.cookies(world.origin)).find((c) => c.name === 'nurture_id')?.value
  const rows = (visitorId, where = '1') =>
    world.clickHouse(
      `SELECT event_id, lead_id, type, name, url, path, query, referrer, title, utm_source, utm_medium, utm_campaign, click_id_name, click_id, is_bot,
              prop_keys, prop_values, email, trait_keys, trait_values, toUInt64(toUnixTimestamp(server_time)) AS at
       FROM events WHERE visitor_id = '${visitorId.replace(/[^0-9]/g, '')}' AND (${where}) ORDER BY server_ms, spool_seq`,
    )
  const prop = (row, key) => row.prop_values[row.prop_keys.indexOf(key)]
  const lead = async (id) => (await world.api('/api/leads/' + id)).body

  test('GET /nurture.js serves the built tracker with a long cache life, a content ETag and gzip; /demo is served', async () => {
    const built = readFileSync(DIST)
    const get = (path, headers = {}) =>
      new Promise((resolve, reject) => {
        request(world.server + path, { headers }, (res) => {
          const chunks = []
          res.on('data', (c) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }))
        }).on('error', reject).end()
      })
    const plain = await get('/nurture.js')
    assert.equal(plain.status, 200)
    assert.ok(plain.body.equals(built), 'the server serves dist/nurture.js as built now (a stale server build fails here)')
    assert.match(plain.headers['content-type'], /^text\/javascript/)
    assert.match(plain.headers['cache-control'], /max-age=86400/)
    assert.match(plain.headers.etag, /^"[0-9a-f]{16}"$/)
    const again = await get('/nurture.js', { 'If-None-Match': plain.headers.etag })
    assert.equal(again.status, 304)
    assert.equal(again.body.length, 0)
    const zipped = await get('/nurture.js', { 'Accept-Encoding': 'gzip, br' })
    assert.equal(zipped.headers['content-encoding'], 'gzip')
    assert.ok(gunzipSync(zipped.body).equals(built))
    assert.ok(zipped.body.length <= 3072, `${zipped.body.length} bytes on the wire`)
    assert.equal((await get('/nurture.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': zipped.headers.etag })).status, 304)

    const demo = await get('/demo/')
    assert.equal(demo.status, 200)
    assert.match(demo.body.toString(), /nurture\.js/)
    const config = await get('/demo/config.js')
    assert.equal(config.body.toString(), `window.NURTURE_SITE_KEY = "${world.siteKey}";\n`)
    const raw = (path) =>
      new Promise((resolve, reject) => {
        const { hostname, port } = new URL(world.server)
        request({ hostname, port, path }, (res) => resolve(res.resume().statusCode)).on('error', reject).end()
      })
    for (const path of ['/demo/../../Nurture.Server.csproj', '/demo/..%2F..%2FNurture.Server.csproj', '/demo/%2e%2e/%2e%2e/appsettings.json'])
      assert.equal(await raw(path), 404, path)
  })

  test('page view with UTM: the row in ClickHouse, and the lead with its first touch, time zone and language', async () => {
    page('/landing', { title: 'Spring offer' })
    const v = await visitor()
    await v.page.goto(world.origin + '/landing?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc123', { referer: 'https://news.example.net/issue/7' })
    const id = await waitFor('the visitor cookie', () => visitorIdOf(v.context))
    const [row] = await waitFor('the page view in ClickHouse', () => rows(id, "type = 'page_view'").then((r) => r.length && r))
    assert.equal(row.path, '/landing')
    assert.equal(row.title, 'Spring offer')
    assert.equal(row.utm_source, 'newsletter')
    assert.equal(row.utm_medium, 'email')
    assert.equal(row.utm_campaign, 'spring')
    assert.equal(row.click_id_name, 'gclid')
    assert.equal(row.click_id, 'abc123')
    assert.equal(row.referrer, 'https://news.example.net/issue/7')
    assert.equal(row.is_bot, 0)
    assert.equal(prop(row, 'tz'), 'Europe/Paris')
    assert.equal(prop(row, 'lang'), 'de-DE')
    assert.ok(prop(row, 'sid'))
    const found = await waitFor('the lead', async () => {
      const l = await lead(row.lead_id)
      return l?.counters?.pageViews >= 1 && l
    })
    assert.equal(found.firstTouch.source.utmSource, 'newsletter')
    assert.equal(found.firstTouch.source.utmCampaign, 'spring')
    assert.equal(found.firstTouch.source.clickId, 'abc123')
    assert.equal(found.firstTouch.referrer, 'https://news.example.net/issue/7')
    assert.equal(found.timeZone, 'Europe/Paris')
    assert.equal(found.language, 'de-DE')
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('SPA: exactly one page view per route, none for state-only replaceState or hash changes', async () => {
    page('/spa/', { title: 'App' })
    const v = await visitor()
    await v.page.goto(world.origin + '/spa/')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    const step = async (f) => {
      await v.page.evaluate(f)
      await sleep(150)
    }
    await step(() => history.pushState({ n: 1 }, '', '/spa/pricing'))
    await step(() => history.replaceState({ n: 2 }, '', '/spa/pricing')) // state only
    await step(() => history.pushState({}, '', '/spa/features'))
    await step(() => (location.hash = '#faq')) // hash only: not a page view by default
    await step(() => history.back()) // popstate back to /spa/features (from the hash entry): same route
    await step(() => history.back()) // popstate to /spa/pricing
    await step(() => {
      history.pushState({}, '', '/spa/signup')
      history.replaceState({}, '', '/spa/signup?step=2') // a redirect in the same tick: one page view
    })
    const id = await visitorIdOf(v.context)
    const expected = ['/spa/', '/spa/pricing', '/spa/features', '/spa/pricing', '/spa/signup?step=2']
    const got = await waitFor('five page views', async () => {
      const r = await rows(id, "type = 'page_view'")
      return r.length >= expected.length && r
    })
    await sleep(1500) // anything extra would have arrived by now
    const all = await rows(id, "type = 'page_view'")
    assert.deepEqual(all.map((r) => r.path + (r.query ? '?' + r.query.replace(/^\?/, '') : '')), expected)
    assert.equal(got[1].referrer, world.origin + '/spa/', 'an SPA page view is referred by the previous route')
    const engagement = await rows(id, "name = 'engagement'")
    assert.ok(engagement.length >= 3, 'each route left reports its engagement')
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('form submit: identify with the email and safe fields, one lead holding the earlier anonymous history', async () => {
    const nav = '<a href="/site/home">Home</a> <a href="/site/pricing">Pricing</a>'
    page('/site/home', { title: 'Home', body: nav })
    page('/site/pricing', { title: 'Pricing', body: nav })
    page('/site/contact', {
      title: 'Contact',
      body: `
        <form id="newsletter" data-nurture-ignore onsubmit="event.preventDefault()">
          <input type="email" name="email" value="ignored@example.com"><button id="ns">Subscribe</button>
        </form>
        <form id="demo-request" method="post" action="/site/thanks">
          <input type="email" name="email" required>
          <input type="text" name="name"> <input type="text" name="company">
          <input type="password" name="password">
          <input type="text" name="payment" value="4242 4242 4242 4242">
          <input type="hidden" name="campaign_secret" value="hidden-value">
          <div data-nurture-ignore><input type="text" name="internal_note" value="not for tracking"></div>
          <input type="checkbox" name="newsletter" value="yes" checked>
          <button id="send">Request a demo</button>
        </form>`,
    })
    page('/site/thanks', { title: 'Thanks' })
    const v = await visitor()
    await v.page.goto(world.origin + '/site/home?utm_source=partner&utm_medium=referral')
    await v.page.click('a[href="/site/pricing"]')
    await v.page.waitForURL('**/site/pricing')
    await v.page.goto(world.origin + '/site/contact')
    await v.page.click('#ns') // the opted-out form: nothing
    const email = `ann.${world.run}@example.com`
    await v.page.fill('input[name=email] >> nth=1', email)
    await v.page.fill('input[name=name]', 'Ann Example')
    await v.page.fill('input[name=company]', 'ACME')
    await v.page.fill('input[name=password]', 'hunter2')
    await Promise.all([v.page.waitForURL('**/site/thanks'), v.page.click('#send')])

    const found = await waitFor('the lead by email with its history', async () => {
      const r = await world.api('/api/leads?email=' + encodeURIComponent(email))
      return r.status === 200 && r.body.counters.pageViews >= 4 && r.body
    })
    const id = await visitorIdOf(v.context)
    const history = await rows(id)
    const anonymous = history.filter((r) => r.type === 'page_view').slice(0, 3)
    assert.deepEqual(anonymous.map((r) => r.path), ['/site/home', '/site/pricing', '/site/contact'])
    assert.ok(history.every((r) => r.lead_id === found.id), 'every event, anonymous ones included, is this lead')
    assert.equal(found.known, true)
    assert.equal(found.visitors.length, 1)
    assert.equal(found.counters.pageViews, 4)
    assert.equal(found.firstTouch.source.utmSource, 'partner')
    assert.equal(found.traits.name.value, 'Ann Example')
    assert.equal(found.traits.company.value, 'ACME')
    for (const secret of ['password', 'payment', 'campaign_secret', 'internal_note']) assert.equal(found.traits[secret], undefined, secret)
    const identifies = history.filter((r) => r.type === 'identify')
    assert.equal(identifies.length, 1, 'the opted-out form identified nobody')
    assert.deepEqual(identifies[0].trait_keys.sort(), ['company', 'name', 'newsletter'])
    assert.equal(prop(identifies[0], 'ft_url'), world.origin + '/site/home?utm_source=partner&utm_medium=referral')
    const submits = history.filter((r) => r.type === 'form_submit')
    assert.deepEqual(submits.map((r) => r.name), ['demo-request'])
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('network blocked: events kept, then sent exactly once on the next page and when back online', async () => {
    page('/offline/a', { title: 'A' })
    page('/offline/b', { title: 'B' })
    const v = await visitor()
    await v.page.route('**/collect', (r) => r.abort('internetdisconnected'))
    await v.page.goto(world.origin + '/offline/a')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    await v.page.evaluate(() => nurture('track', 'while_blocked', { n: 1 }))
    const stored = await waitFor('events in the retry store', () =>
      v.page.evaluate(() => {
        const q = JSON.parse(localStorage.getItem('nurture_q') || '[]')
        return q.length >= 2 && q
      }))
    assert.deepEqual(stored.map((e) => e.name || e.type), ['page_view', 'while_blocked'])
    await v.page.unroute('**/collect')
    await v.page.goto(world.origin + '/offline/b')

    // Offline (navigator.onLine false): stored without trying, sent when the browser is back online.
    await sleep(1500)
    await v.context.setOffline(true)
    await v.page.evaluate(() => nurture('track', 'while_offline'))
    const offline = await waitFor('the offline event stored', () =>
      v.page.evaluate(() => JSON.parse(localStorage.getItem('nurture_q') || '[]').find((e) => e.name === 'while_offline')))
    await v.context.setOffline(false)

    const id = await visitorIdOf(v.context)
    const wanted = [...stored.map((e) => e.eventId), offline.eventId]
    await waitFor('every kept event in ClickHouse', async () => {
      const have = new Set((await rows(id)).map((r) => r.event_id))
      return wanted.every((e) => have.has(e))
    })
    await sleep(1500)
    const counts = await world.clickHouse(`SELECT event_id, count() AS n FROM events WHERE visitor_id = '${id}' GROUP BY event_id`)
    assert.ok(counts.length >= 4)
    for (const c of counts) assert.equal(Number(c.n), 1, `event ${c.event_id} stored once`)
    // And the browser itself sent each kept event in exactly one accepted request.
    for (const e of wanted) {
      const accepted = v.collects.filter((c) => c.status === 202 && c.events.some((x) => x.eventId === e))
      assert.equal(accepted.length, 1, `event ${e} accepted once`)
    }
    assert.equal(await v.page.evaluate(() => localStorage.getItem('nurture_q')), null)
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('503 with Retry-After: the batch waits, then goes once', async () => {
    page('/busy', { title: 'Busy' })
    const v = await visitor()
    let refused = 0
    await v.page.route('**/collect', (r) => {
      if (refused++ > 0) return r.continue()
      return r.fulfill({
        status: 503,
        headers: { 'Access-Control-Allow-Origin': world.origin, 'Access-Control-Expose-Headers': 'Retry-After', 'Retry-After': '2' },
        body: '{"title":"busy"}',
      })
    })
    const start = Date.now()
    await v.page.goto(world.origin + '/busy')
    const id = await waitFor('the visitor cookie', () => visitorIdOf(v.context))
    const [row] = await waitFor('the page view after the wait', () => rows(id, "type = 'page_view'").then((r) => r.length && r))
    assert.ok(Date.now() - start >= 3000, 'not before the 1 s batch delay plus the 2 s Retry-After')
    await sleep(1000)
    assert.equal((await rows(id, "type = 'page_view'")).length, 1)
    assert.equal(row.path, '/busy')
    await v.context.close()
  })

  test('DNT and GPC with respectDnt: nothing stored or sent; without the option the visit is tracked', async () => {
    page('/private', { title: 'Private', options: { respectDnt: true } })
    page('/plain', { title: 'Plain' })
    for (const signal of ['globalPrivacyControl', 'doNotTrack']) {
      const v = await visitor()
      await v.context.addInitScript((name) => {
        Object.defineProperty(Navigator.prototype, name, { get: () => (name === 'doNotTrack' ? '1' : true), configurable: true })
      }, signal)
      await v.page.goto(world.origin + '/private')
      await v.page.waitForFunction(() => window.nurture && window.nurture.v)
      await v.page.evaluate(() => nurture('track', 'ignored'))
      await sleep(1500)
      await v.page.goto(world.origin + '/plain') // the tracker here has no respectDnt
      await waitFor('the plain page view', () => v.collects.some((c) => c.events.some((e) => e.url === world.origin + '/plain')))
      const fromPrivate = v.collects.flatMap((c) => c.events).filter((e) => e.url.includes('/private'))
      assert.deepEqual(fromPrivate, [], `${signal}: nothing from the page that respects it`)
      assert.deepEqual(v.errors, [])
      await v.context.close()
    }
    // Storage on the respecting page: none at all.
    const v = await visitor()
    await v.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }))
    await v.page.goto(world.origin + '/private')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    await sleep(1500)
    assert.deepEqual(await v.page.evaluate(() => Object.keys(localStorage)), [])
    assert.deepEqual(await v.context.cookies(), [])
    await v.context.close()
  })

  test('consent mode: nothing stored or sent before consent; the queued events go out after it', async () => {
    page('/consent', { title: 'Consent', options: { consent: true } })
    const v = await visitor()
    await v.page.goto(world.origin + '/consent?utm_source=ads')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    await v.page.evaluate(() => nurture('track', 'before_consent'))
    await sleep(2000)
    assert.equal(v.collects.length, 0, 'nothing sent')
    assert.deepEqual(await v.page.evaluate(() => Object.keys(localStorage)), [])
    assert.deepEqual(await v.context.cookies(), [])
    await v.page.evaluate(() => nurture('consent', true))
    const id = await waitFor('the visitor cookie after consent', () => visitorIdOf(v.context))
    const got = await waitFor('the queued events', () => rows(id).then((r) => r.length >= 2 && r))
    assert.deepEqual(got.map((r) => r.name || r.type).slice(0, 2), ['page_view', 'before_consent'])
    assert.equal(got[0].utm_source, 'ads')
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('page leave: visible time and max scroll depth as an engagement event', async () => {
    page('/long', { title: 'Long read', body: '<div style="height:4000px">long</div>' })
    page('/next', { title: 'Next' })
    const v = await visitor({ viewport: { width: 1000, height: 800 } })
    await v.page.goto(world.origin + '/long')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    const opened = Date.now()
    await sleep(1200)
    const expected = await v.page.evaluate(() => {
      const h = document.documentElement.scrollHeight
      window.scrollTo(0, h / 2 - innerHeight) // the bottom of the viewport at half the page
      return Math.round(((scrollY + innerHeight) / h) * 100)
    })
    await sleep(300)
    await v.page.evaluate(() => window.scrollTo(0, 0)) // the maximum counts, not where it ends
    await sleep(800)
    await v.page.goto(world.origin + '/next')
    const stayed = Date.now() - opened
    const id = await visitorIdOf(v.context)
    const [pv] = await rows(id, "type = 'page_view' AND path = '/long'")
    const [eng] = await waitFor('the engagement event', () => rows(id, "name = 'engagement'").then((r) => r.length && r))
    assert.equal(eng.type, 'custom')
    assert.equal(eng.path, '/long')
    assert.equal(prop(eng, 'pv'), pv.event_id)
    assert.equal(Number(prop(eng, 'scroll_pct')), expected)
    assert.ok(expected >= 45 && expected <= 55, `scrolled to ${expected} %`)
    const visible = Number(prop(eng, 'visible_ms'))
    assert.ok(visible >= 2000 && visible <= stayed + 1000, `visible ${visible} ms of ${stayed} ms`)
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })

  test('email-click token: sent with the page view, gone from the address bar, never stored', async () => {
    page('/welcome', { title: 'Welcome back' })
    const v = await visitor()
    const token = 'AbC-123_xyz' + world.run
    await v.page.goto(world.origin + `/welcome?utm_source=nurture&nt=${token}&utm_medium=email`)
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    assert.equal(v.page.url(), world.origin + '/welcome?utm_source=nurture&utm_medium=email')
    const id = await waitFor('the visitor cookie', () => visitorIdOf(v.context))
    const [row] = await waitFor('the page view', () => rows(id, "type = 'page_view'").then((r) => r.length && r))
    // The server reads the token (a valid one joins the visit to its lead) and never stores it.
    assert.equal(prop(row, 'nt'), undefined)
    assert.ok(!row.url.includes('nt='), 'the token is not stored in the URL')
    assert.equal(row.utm_source, 'nurture')
    await sleep(1500)
    assert.equal((await rows(id, "type = 'page_view'")).length, 1, 'removing the token was not a page view')
    await v.context.close()
  })

  test('outbound links and downloads are recorded as clicks', async () => {
    page('/links', {
      title: 'Links',
      body: `<a id="out" href="https://partner.example.org/page" onclick="event.preventDefault()">partner</a>
             <a id="pdf" href="/files/guide.pdf" onclick="event.preventDefault()">guide</a>
             <a id="in" href="/pricing" onclick="event.preventDefault()">pricing</a>`,
    })
    const v = await visitor()
    await v.page.goto(world.origin + '/links')
    await v.page.waitForFunction(() => window.nurture && window.nurture.v)
    await v.page.click('#out')
    await v.page.click('#pdf')
    await v.page.click('#in')
    const id = await waitFor('the visitor cookie', () => visitorIdOf(v.context))
    const clicks = await waitFor('two clicks', () => rows(id, "type = 'click'").then((r) => r.length >= 2 && r))
    await sleep(1000)
    assert.deepEqual((await rows(id, "type = 'click'")).map((r) => [r.name, prop(r, 'href')]), [
      ['outbound', 'https://partner.example.org/page'],
      ['download', world.origin + '/files/guide.pdf'],
    ])
    assert.equal(clicks[0].path, '/links')
    await v.context.close()
  })

  test('a failing server or blocked network leaves the page working and free of uncaught errors', async () => {
    const body = `<a id="out" href="https://partner.example.org/" onclick="event.preventDefault()">out</a>
      <form id="f" onsubmit="event.preventDefault()"><input type="email" name="email" value="x@example.com"><button id="go">go</button></form>
      <div style="height:3000px"></div>
      <script>
        nurture('track'); nurture('track', { not: 'a name' }); nurture('identify'); nurture('no-such-call', 1);
        nurture('track', 'odd', { deep: { a: 1 }, fn: function () {}, n: NaN, big: 'x'.repeat(10000) });
        window.pageOk = true
      </script>`
    page('/fragile', { title: 'Fragile', body })
    const cases = [
      ['collect aborted', (p) => p.route('**/collect', (r) => r.abort())],
      ['collect answers 500 garbage', (p) => p.route('**/collect', (r) => r.fulfill({ status: 500, body: '<html>oops', headers: { 'Access-Control-Allow-Origin': '*' } }))],
      ['tracker script unreachable', (p) => p.route('**/nurture.js', (r) => r.abort())],
    ]
    for (const [name, block] of cases) {
      const v = await visitor()
      const consoleErrors = []
      v.page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text()) && consoleErrors.push(m.text()))
      await block(v.page)
      await v.page.goto(world.origin + '/fragile')
      assert.equal(await v.page.evaluate(() => window.pageOk), true, `${name}: the page's own script ran to the end`)
      await sleep(500)
      await v.page.click('#out')
      await v.page.click('#go')
      await v.page.mouse.wheel(0, 1500)
      await v.page.evaluate(() => {
        history.pushState({}, '', '/fragile/2')
        nurture('identify', 'x@example.com', { plan: 'pro' })
        dispatchEvent(new Event('online'))
      })
      await sleep(1500)
      await v.page.goto('about:blank') // page hide: engagement by beacon
      assert.deepEqual(v.errors.map(String), [], `${name}: no uncaught errors`)
      assert.deepEqual(consoleErrors, [], `${name}: no console errors besides the failed requests`)
      await v.context.close()
    }
  })
})
