// Reps, routing and alerts in headless Chromium against the real server: an admin creates a rep with working
// hours, a time zone, out-of-office days and a territory (errors shown at their fields first); the routing rules
// are reordered by keyboard and by button, and "who would get this lead?" answers for a seeded lead, rule by
// rule; a hot lead's webhook, failing at a real receiver on loopback, is a dead letter in the alert log and is
// replayed until delivered. Screenshots (reps-*) at desktop and phone width, each checked with axe-core.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { DESKTOP, PHONE, pageTools } from './pages.mjs'

const skip = missingEnvironment()
if (skip) console.log(`# reps browser tests skipped: ${skip}`)

/** A webhook receiver on loopback that answers every call with `status` and keeps what it got. */
function startReceiver() {
  const receiver = { calls: [], status: 500 }
  receiver.server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      receiver.calls.push({ path: req.url, body, status: receiver.status })
      res.statusCode = receiver.status
      res.end()
    })
  })
  return new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', () => {
    receiver.url = `http://127.0.0.1:${receiver.server.address().port}/`
    resolve(receiver)
  }))
}

const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

describe('reps, routing and alerts in the console', { skip }, () => {
  let world
  let receiver
  let haruto // the lead the tester runs on
  let hana // the lead whose alert fails at the receiver

  before(async () => {
    receiver = await startReceiver()
    // The receiver is on loopback, which outbound calls reach only when allowed (as the functional tests'
    // hand-off hosts allow it); two quick attempts make a dead letter within a second.
    Object.assign(process.env, {
      Nurture__Outbound__AllowedNetworks__0: '127.0.0.1/32',
      Nurture__Handoff__MaxAttempts: '2',
      Nurture__Handoff__QuickRetries: '0',
      Nurture__Handoff__RetryBaseDelay: '00:00:00.2',
      Nurture__Handoff__PollInterval: '00:00:00.2',
    })
    world = await startWorld()
    await seed()
  }, { timeout: 300_000 })

  after(async () => {
    await world?.stop()
    receiver?.server.close()
  })

  async function seed() {
    // Kei covers Kanto and works every hour (so the answer does not depend on when the test runs); Sam (the
    // harness's rep) takes leads in turn; Hana covers Germany only and gets alerts on her webhook.
    const always = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '00:00', end: '24:00' }))
    await world.must('/api/reps', { method: 'POST', json: { id: 'rep-kei', name: 'Kei Kanto', email: 'kei@sales.console.test', capacity: 20, countries: ['JP'], regions: ['Kanto'], timeZone: 'Asia/Tokyo', workingHours: always } })
    await world.must('/api/reps', { method: 'POST', json: { id: 'rep-hana', name: 'Hana Hook', email: 'hana@sales.console.test', capacity: 20, countries: ['DE'], channels: ['email', 'webhook'], webhookUrl: receiver.url + 'hana' } })
    haruto = (await world.must('/api/leads', { method: 'POST', json: { traits: { email: 'haruto@kanto.example', name: 'Haruto Sato', company: 'Kanto Kogyo', country: 'JP', region: 'Kanto' } } })).leadId

    // Hana's lead: known, owned by her, then hot from pricing, demo and two forms (the default model).
    await world.collect('hana-lead', [{ type: 'identify', email: 'erika@owned.example', traits: { name: 'Erika Owned', company: 'Owned GmbH' } }])
    hana = (await world.leadByEmail('erika@owned.example')).id
    await world.must(`/api/leads/${hana}`, { method: 'PATCH', json: { owner: 'rep-hana' } })
    const visit = (path) => ({ type: 'page_view', url: 'https://www.example.com' + path })
    await world.collect('hana-lead', [visit('/pricing'), visit('/pricing/enterprise'), visit('/pricing'), visit('/demo'), visit('/demo?step=2'), visit('/demo/book'),
      { type: 'form_submit', url: 'https://www.example.com/demo/book' }, { type: 'form_submit', url: 'https://www.example.com/contact' }])
    await waitFor('Haruto in the lead list', async () => (await world.api('/api/leads?q=Haruto')).body?.total >= 1, 30_000)
  }

  const { signIn, open, shot, assertLabelled } = pageTools(() => world)

  test('reps: an admin creates a rep with hours, a time zone, out-of-office days and a territory; errors appear at their fields first', async () => {
    const { context, page, errors } = await signIn('admin')
    // Reps and Alerts sit behind the menu's "Sales team" button.
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Sales team' }).click()
    assert.deepEqual((await nav.getByRole('link').allTextContents()).filter((t) => ['Reps', 'Alerts'].includes(t.trim())).length, 2)
    await nav.getByRole('link', { name: 'Reps' }).click()
    await page.locator('main[data-route="#/reps"]:not([aria-busy])').waitFor()
    await open(page, '#/reps')
    await page.getByRole('row', { name: /Kei Kanto/ }).waitFor()
    await page.getByRole('button', { name: 'New rep' }).click()
    const form = page.getByRole('form', { name: 'New rep' })
    await form.getByLabel('Name').fill('Aiko Away')
    await form.getByLabel('Email', { exact: true }).fill('aiko@sales.console.test')
    await form.getByLabel('Capacity').fill('5')
    assert.equal(await form.getByLabel('Time zone').inputValue(), 'Asia/Tokyo')
    await form.getByRole('button', { name: 'Weekdays 09:00–18:00' }).click()
    await form.getByLabel('Saturday', { exact: true }).check()
    await form.getByLabel('Saturday from').fill('10:00')
    await form.getByLabel('Saturday until').fill('14:00')
    // Two mistakes: Monday ends before it starts, and the webhook points into the private network.
    await form.getByLabel('Monday until').fill('08:00')
    await form.getByLabel('Away from').fill(isoDay(-1))
    await form.getByLabel('Back after').fill(isoDay(7))
    await form.getByLabel('Countries').fill('JP')
    await form.getByLabel('Regions or prefectures').fill('Kanto、東京都')
    await form.getByLabel('50–249').check()
    await form.getByLabel('Webhook alerts').check()
    await form.getByLabel('Webhook URL', { exact: true }).fill('http://10.0.0.5/hook')
    await form.getByRole('button', { name: 'Create rep' }).click()
    await form.locator('.field-error', { hasText: 'must be after the start' }).waitFor()
    await form.locator('.field-error', { hasText: 'internal addresses' }).waitFor()
    assert.equal(await form.getByLabel('Monday until').getAttribute('aria-invalid'), 'true')
    assert.equal(await form.getByLabel('Webhook URL', { exact: true }).getAttribute('aria-invalid'), 'true')
    await assertLabelled(page)
    await shot(page, 'reps-01-new-rep-errors')

    await form.getByLabel('Monday until').fill('18:00')
    await form.getByLabel('Webhook alerts').uncheck()
    await form.getByLabel('Webhook URL', { exact: true }).fill('')
    await form.getByRole('button', { name: 'Create rep' }).click()
    await page.getByRole('heading', { name: 'Aiko Away', level: 1 }).waitFor()
    await page.getByText(`Out of office until ${isoDay(7)}.`).waitFor()
    const aiko = (await world.must('/api/reps')).find((r) => r.name === 'Aiko Away')
    assert.deepEqual(
      { timeZone: aiko.timeZone, hours: aiko.workingHours.map((d) => `${d.day} ${d.start}-${d.end}`), awayFrom: aiko.awayFrom, awayUntil: aiko.awayUntil, regions: aiko.regions, countries: aiko.countries, sizes: aiko.companySizes, channels: aiko.channels },
      { timeZone: 'Asia/Tokyo', hours: ['mon 09:00-18:00', 'tue 09:00-18:00', 'wed 09:00-18:00', 'thu 09:00-18:00', 'fri 09:00-18:00', 'sat 10:00-14:00'], awayFrom: isoDay(-1), awayUntil: isoDay(7), regions: ['Kanto', '東京都'], countries: ['JP'], sizes: ['50-249'], channels: ['email'] })
    await assertLabelled(page)
    await shot(page, 'reps-02-rep-saved')

    await open(page, '#/reps')
    const row = page.getByRole('row', { name: /Aiko Away/ })
    await row.getByText('Out of office', { exact: true }).waitFor()
    await row.getByText('Mon–Fri 09:00–18:00, Sat 10:00–14:00 (Asia/Tokyo)').waitFor()
    await row.getByText('JP · Kanto, 東京都 · 50-249').waitFor()
    await shot(page, 'reps-03-list')
    await page.setViewportSize(PHONE)
    await shot(page, 'reps-04-list-phone')
    await open(page, '#/reps/' + aiko.id)
    await shot(page, 'reps-05-rep-phone')
    assert.deepEqual(errors, [])
    await context.close()

    // A marketer sees the reps but cannot change them; a sales user cannot open the page.
    const marketer = await signIn('marketer')
    await open(marketer.page, '#/reps/' + aiko.id)
    await marketer.page.getByText('Only admins change reps.').waitFor()
    assert.equal(await marketer.page.getByRole('button', { name: 'Save rep' }).count(), 0)
    assert.equal(await marketer.page.getByLabel('Name').isDisabled(), true)
    await marketer.context.close()
    const sales = await signIn('sales')
    await open(sales.page, '#/reps')
    assert.equal(await sales.page.getByRole('heading', { level: 1 }).textContent(), 'Not available')
    await sales.context.close()
  })

  test('routing: the tester answers for a real lead rule by rule; the rules reordered by keyboard and by button change the answer, saved or not', async () => {
    const { context, page, errors } = await signIn('admin')
    await open(page, '#/reps')
    await page.getByRole('navigation', { name: 'Reps and routing' }).getByRole('link', { name: 'Routing rules and tester' }).click()
    await page.locator('main[data-route="#/routing"]:not([aria-busy])').waitFor()
    const rules = page.locator('.rule-order > li strong')
    assert.deepEqual(await rules.allTextContents(), ['Existing owner keeps the lead', 'The rep who had the lead before gets it again', 'Prefer reps within their working hours', 'Territory match', 'Round robin among reps without a territory'])

    const tester = page.getByRole('region', { name: 'Who would get this lead?' })
    await tester.getByLabel('Find a lead').fill('Haruto')
    await tester.getByRole('button', { name: 'Search' }).click()
    await tester.getByRole('button', { name: /Haruto Sato/ }).click()
    const answer = tester.locator('.test-result')
    await answer.getByText('would get this lead (territory).').waitFor()
    assert.equal(await answer.locator('.test-headline strong').textContent(), 'Kei Kanto')
    await answer.getByText('Kei Kanto covers the lead\'s country JP, region Kanto (never given a lead yet).').waitFor()
    // Aiko, new and out of office, is listed as such.
    await answer.locator('.test-reps li', { hasText: 'Aiko Away' }).getByText(`Out of office until ${isoDay(7)}.`).waitFor()
    await answer.getByText('With the saved order.').waitFor()
    await shot(page, 'reps-06-routing-tester')

    // Keyboard: Alt+↑ on round robin's button moves it above territory; focus stays on it.
    const rrUp = page.getByRole('button', { name: 'Move “Round robin among reps without a territory” up' })
    await rrUp.focus()
    await page.keyboard.press('Alt+ArrowUp')
    assert.deepEqual((await rules.allTextContents()).slice(3), ['Round robin among reps without a territory', 'Territory match'])
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move “Round robin among reps without a territory” up')
    await page.getByText('“Round robin among reps without a territory” moved to position 4 of 5.').waitFor({ state: 'attached' })
    await page.getByText('Unsaved changes').waitFor()
    // The tester tries the unsaved order: Sam, the one rep without a territory, in turn.
    await tester.getByRole('button', { name: 'Test this lead again' }).click()
    await answer.getByText('would get this lead (round-robin).').waitFor()
    assert.equal(await answer.locator('.test-headline strong').textContent(), 'Sam Sales')
    await answer.getByText('With the order above, not saved yet.').waitFor()
    await page.getByRole('button', { name: 'Save order' }).click()
    await page.getByText('The routing order is saved').waitFor()
    const saved = await world.must('/api/routing/rules')
    assert.deepEqual(saved.rules.map((r) => r.kind), ['owner', 'previous', 'working_hours', 'round_robin', 'territory'])
    await assertLabelled(page)
    await shot(page, 'reps-07-routing-reordered')

    // A button this time: territory back up, and the previous-rep rule turned off; saved, it survives a reload.
    await page.getByRole('button', { name: 'Move “Territory match” up' }).click()
    await page.getByRole('checkbox', { name: 'The rep who had the lead before gets it again' }).uncheck()
    await page.getByRole('button', { name: 'Save order' }).click()
    await page.getByText('The routing order is saved').first().waitFor()
    await open(page, '#/routing')
    assert.deepEqual((await rules.allTextContents()).slice(3), ['Territory match', 'Round robin among reps without a territory'])
    assert.equal(await page.getByRole('checkbox', { name: 'The rep who had the lead before gets it again' }).isChecked(), false)
    await page.getByText(/Saved by .*admin@console\.test/).waitFor()
    await page.setViewportSize(PHONE)
    await tester.getByLabel('Find a lead').fill('haruto@kanto.example')
    await tester.getByRole('button', { name: 'Search' }).click()
    await tester.getByRole('button', { name: /Haruto Sato/ }).click()
    await answer.getByText('would get this lead (territory).').waitFor()
    await shot(page, 'reps-08-routing-phone')
    assert.deepEqual(errors, [])
    await context.close()

    // A marketer may test, not reorder.
    const marketer = await signIn('marketer')
    await open(marketer.page, '#/routing')
    await marketer.page.getByText('Only admins change the rules.').waitFor()
    assert.equal(await marketer.page.getByRole('button', { name: 'Save order' }).count(), 0)
    assert.equal(await marketer.page.getByRole('button', { name: 'Move “Territory match” up' }).isDisabled(), true)
    await marketer.context.close()
  })

  test('alerts: a webhook failing at the receiver is a dead letter with each attempt in words; replayed, it is delivered', async () => {
    const dead = await waitFor('Erika\'s alert dead-lettered', async () =>
      (await world.api('/api/alerts?status=dead')).body?.alerts?.find((a) => a.leadId === hana), 60_000)
    assert.equal(dead.repId, 'rep-hana')
    assert.equal(receiver.calls.length, 2)

    const { context, page, errors } = await signIn('admin')
    await open(page, '#/alerts')
    await page.getByLabel('Show').selectOption('dead')
    await page.locator('main[data-route="#/alerts?status=dead"]:not([aria-busy])').waitFor()
    const card = page.locator('.alert-card', { hasText: 'Erika Owned' })
    await card.getByText('Dead letter').first().waitFor()
    await card.getByText('To Hana Hook (existing owner)').waitFor()
    const webhook = card.locator('tr', { hasText: 'Webhook' })
    await webhook.getByText('HTTP 500: the receiver had an internal error', { exact: true }).waitFor()
    await webhook.getByText('No more tries').waitFor()
    await webhook.getByText('Attempt history (2)').click()
    await webhook.getByText(/Attempt 1 · .* — Failed, retry scheduled: HTTP 500: the receiver had an internal error \(next try/).waitFor()
    await webhook.getByText(/Attempt 2 · .* — Failed: gave up \(dead letter\): HTTP 500/).waitFor()
    await card.locator('tr', { hasText: 'hana@sales.console.test' }).waitFor()
    await assertLabelled(page)
    await shot(page, 'reps-09-alerts-dead-letter')
    await page.setViewportSize(PHONE)
    await shot(page, 'reps-10-alerts-phone')
    await page.setViewportSize(DESKTOP)

    receiver.status = 200
    await card.getByRole('button', { name: 'Replay dead deliveries' }).click()
    await card.getByText('Replayed: 1 delivery is being sent again.').waitFor()
    await card.getByText('Replay delivered.').waitFor({ timeout: 30_000 })
    await card.getByText('Delivered').first().waitFor()
    assert.equal(receiver.calls.at(-1).status, 200)
    assert.equal(receiver.calls.at(-1).path, '/hana')
    await card.locator('tr', { hasText: 'Webhook' }).getByText(/Attempt history \(4\)/).click()
    await card.getByText(/Replay · .* — Replayed by admin@console\.test/).waitFor()
    await card.getByText(/Attempt 1 · .* — Delivered/).waitFor()
    await shot(page, 'reps-11-alerts-replayed')
    assert.deepEqual(errors, [])
    await context.close()

    // A marketer reads the log but has no replay button.
    const marketer = await signIn('marketer')
    await open(marketer.page, '#/alerts')
    await marketer.page.locator('.alert-card', { hasText: 'Erika Owned' }).waitFor()
    assert.equal(await marketer.page.getByRole('button', { name: 'Replay dead deliveries' }).count(), 0)
    await marketer.context.close()
  })
})

// The pages' pure helpers, without a browser.
test('rep words: hours grouped by runs of equal days, territories, lists typed with Japanese commas, delivery errors in words', async () => {
  const { hoursWords, territoryWords, channelWords } = await import('../../../src/Nurture.Server/Console/js/rep-words.js')
  const { splitList } = await import('../../../src/Nurture.Server/Console/js/rep-form.js')
  const { errorWords } = await import('../../../src/Nurture.Server/Console/js/delivery-words.js')
  const span = (day, start = '09:00', end = '18:00') => ({ day, start, end })
  assert.equal(hoursWords({ timeZone: 'Asia/Tokyo', workingHours: ['mon', 'tue', 'wed', 'fri'].map((d) => span(d)).concat(span('sat', '10:00', '14:00')) }),
    'Mon–Wed 09:00–18:00, Fri 09:00–18:00, Sat 10:00–14:00 (Asia/Tokyo)')
  assert.equal(hoursWords({ workingHours: [] }), 'Any time')
  assert.equal(territoryWords({ countries: ['JP'], regions: ['Kanto', '東京都'], industries: [], companySizes: ['1000+'] }), 'JP · Kanto, 東京都 · 1000+')
  assert.equal(territoryWords({ countries: [] }), 'Any lead, in turn')
  assert.equal(channelWords({ channels: [], webhookUrl: 'https://x.example/' }), 'Email, Webhook')
  assert.deepEqual(splitList('東京都、神奈川県, Osaka ；Kyoto\n'), ['東京都', '神奈川県', 'Osaka', 'Kyoto'])
  assert.equal(errorWords('HTTP 500'), 'HTTP 500: the receiver had an internal error')
  assert.equal(errorWords('HTTP 418'), 'HTTP 418: the receiver refused the alert')
  assert.equal(errorWords('timed out'), 'Timed out')
})
