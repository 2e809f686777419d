// Email and flow performance in headless Chromium against the real server: a hand-built send history in
// ClickHouse (three sends, two people's opens, a privacy proxy's open, a link scanner's click, a person's click,
// an unsubscribe), the "Email performance" page in the Marketing menu shows the rates and says what was counted
// apart, opens the clicks per link of the email and downloads the table; the flow designer shows each step's count
// and the flow's funnel. Screenshots (emailperf-*) at desktop and phone width, each checked with axe-core.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { missingEnvironment, startWorld } from './harness.mjs'
import { DESKTOP, PHONE, pageTools } from './pages.mjs'
import { duration } from '../../../src/Nurture.Server/Console/js/flow-performance.js'
import { describe as describeEvent } from '../../../src/Nurture.Server/Console/js/timeline.js'

test('the time to goal and the mail events read as words', () => {
  assert.deepEqual([null, 59, 3600, 5700, 2 * 86400 + 3600].map(duration), ['—', '1 min', '1 h', '1 h 35 min', '2 d 1 h'])
  const emails = { s1: { subject: 'Welcome!' } }
  assert.equal(describeEvent({ type: 'email_suppressed', props: { send_id: 's1', reason: 'unsubscribed' } }, emails), 'Not sent “Welcome!” (unsubscribed)')
  assert.equal(describeEvent({ type: 'email_bounce', props: { send_id: 's1', bounce: 'soft' } }, emails), 'Delayed (soft bounce) “Welcome!”')
  assert.equal(describeEvent({ type: 'email_complaint', props: { template_id: 'welcome' } }), 'Marked “welcome” as spam')
})

const skip = missingEnvironment()
if (skip) console.log(`# email performance browser tests skipped: ${skip}`)

const ZERO = '00000000-0000-0000-0000-000000000000'
const uuid = () => {
  const b = randomBytes(16).toString('hex')
  return `${b.slice(0, 8)}-${b.slice(8, 12)}-${b.slice(12, 16)}-${b.slice(16, 20)}-${b.slice(20)}`
}
const hex = () => randomBytes(16).toString('hex')

const FLOW = {
  name: 'Welcome series',
  trigger: { stage: 'known' },
  reentry: 'never',
  goal: { stage: ['mql'] },
  start: 'welcome',
  steps: [
    { id: 'welcome', type: 'send_email', template: 'welcome-perf', next: 'pause' },
    { id: 'pause', type: 'wait', duration: '2d', next: 'done' },
    { id: 'done', type: 'end' },
  ],
}

describe('email and flow performance in the console', { skip }, () => {
  let world

  before(async () => {
    world = await startWorld()
    await world.must('/api/templates/welcome-perf', { method: 'PUT', json: { name: 'Welcome to Kanto Kogyo', subject: 'Welcome', html: '<p>Hello</p><p><a href="https://www.example.com/pricing">Pricing</a></p>' } })
    await world.must('/api/flows/welcome-series', { method: 'PUT', json: FLOW })
    await seedHistory()
  }, { timeout: 300_000 })

  after(async () => {
    await world?.stop()
  })

  /** What the outbox, the tracking links and the flow runner would have written, straight into ClickHouse. */
  async function seedHistory() {
    const now = Date.now()
    const at = (minutes) => Math.floor((now - 3 * 3600e3 + minutes * 60e3) / 1000)
    const leads = [uuid(), uuid(), uuid()]
    const sends = [hex(), hex(), hex()]
    const flowProps = [['flow_id', 'welcome-series'], ['step_id', 'welcome'], ['variant', 'welcome-perf']]
    const email = (type, i, minutes, { machine, url, extra = [] } = {}) => {
      const props = [['send_id', sends[i]], ['template_id', 'welcome-perf'], ...(machine ? [['machine', machine]] : []), ...extra]
      return {
        event_id: hex(), site_id: ZERO, lead_id: leads[i], visitor_id: 'email:' + leads[i].replace(/-/g, ''), type, url: url || '', channel: 'email',
        is_bot: machine ? 1 : 0, prop_keys: props.map((p) => p[0]), prop_values: props.map((p) => p[1]), server_time: at(minutes), server_ms: at(minutes) * 1000,
      }
    }
    const events = [
      email('email_sent', 0, 0, { extra: flowProps }), email('email_sent', 1, 0, { extra: flowProps }), email('email_sent', 2, 1, { extra: flowProps }),
      email('email_open', 0, 30), email('email_open', 1, 40), email('email_open', 2, 1, { machine: 'proxy' }),
      email('email_click', 2, 1, { machine: 'scanner', url: 'https://www.example.com/pricing' }),
      email('email_click', 0, 31, { url: 'https://www.example.com/pricing' }),
      email('email_unsubscribe', 1, 41),
    ]
    const flowRow = (i, n, step, minutes) => ({
      lead_id: leads[i], kind: 'flow', event_id: `run${i}:${n}`, key: `welcome-series/${step}`, category: 'welcome-series', at: at(minutes), at_ms: at(minutes) * 1000, stage: 'known',
    })
    const changes = [0, 1, 2].flatMap((i) => [flowRow(i, 0, '#entered', 0), flowRow(i, 1, 'welcome', 0), flowRow(i, 2, 'pause', 0)])
    changes.push(flowRow(0, 3, '#goal', 95))
    const insert = async (table, rows) => {
      const url = `${process.env.NURTURE_TEST_CLICKHOUSE.replace(/\/$/, '')}/?database=console_${world.run}&query=${encodeURIComponent(`INSERT INTO ${table} FORMAT JSONEachRow`)}`
      const r = await fetch(url, { method: 'POST', body: rows.map((r) => JSON.stringify(r)).join('\n') })
      if (!r.ok) throw new Error(`ClickHouse: ${await r.text()}`)
    }
    await insert('events', events)
    await insert('score_changes', changes)
  }

  const { signIn, open, shot, assertLabelled } = pageTools(() => world)

  test('email performance: a marketer finds the page in the Marketing menu, reads the rates and what was counted apart, opens the clicks per link and downloads the table', async () => {
    const { context, page, errors } = await signIn('marketer')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Marketing' }).click()
    await nav.getByRole('link', { name: 'Email performance' }).click()
    await page.locator('main[data-route="#/email-performance"]:not([aria-busy])').waitFor()
    const row = page.getByRole('row', { name: /Welcome to Kanto Kogyo/ })
    await row.waitFor({ timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e.message}\n--- the page ---\n${await page.locator('main').innerText()}`)
    })
    const cells = await row.getByRole('cell').allTextContents()
    assert.equal(cells[0], '3') // sent
    assert.equal(cells[3], '2 (66.7%)') // opened by people
    assert.equal(cells[4], '1 (33.3%)') // clicked by people
    assert.equal(cells[5], '1 (33.3%)') // unsubscribed
    assert.equal(cells[8], '1 / 1') // a proxy's open and a scanner's click, apart
    await page.getByText('Counted apart, never as people: 1 opened by machines (mail-privacy proxies, prefetch) and 1 with links followed by link scanners.').waitFor()
    await page.getByRole('img', { name: /Emails sent, and the people who opened and clicked/ }).waitFor()
    await assertLabelled(page)
    await shot(page, 'emailperf-01-report')

    // By keyboard: the row's "Clicks per link" opens the links of that email.
    await row.getByRole('button', { name: /Clicks per link/ }).focus()
    await page.keyboard.press('Enter')
    const links = page.getByRole('region', { name: /Clicks per link: Welcome to Kanto Kogyo/ })
    const link = links.getByRole('row', { name: /www\.example\.com\/pricing/ })
    await link.waitFor()
    assert.deepEqual(await link.getByRole('cell').allTextContents(), ['1', '1', '1'])
    await shot(page, 'emailperf-02-links')

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the email performance table as CSV' }).click()])
    assert.match(file.suggestedFilename(), /^email-performance-\d{8}-\d{8}\.csv$/)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the clicks per link as Excel (XLSX)' }).click()])
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/)

    // Per variant: the flow's step and the template it sent.
    await page.getByLabel('Group by', { exact: true }).selectOption('variant')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.getByRole('row', { name: /Welcome series · step welcome · Welcome to Kanto Kogyo/ }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('email performance on a phone: the table scrolls in its box, the page does not', async () => {
    const { context, page, errors } = await signIn('marketer', PHONE)
    await open(page, '#/email-performance')
    await page.getByRole('row', { name: /Welcome to Kanto Kogyo/ }).waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}`).join(', '))
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px: ${wide}`)
    await shot(page, 'emailperf-03-report-phone')
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('flow performance: the designer shows each step\'s runs and the funnel', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page, errors } = await signIn('marketer', viewport)
      await open(page, '#/flows/welcome-series')
      await page.locator('.node[data-step="welcome"] .node-count', { hasText: '3 entered' }).waitFor()
      await page.locator('.node[data-step="pause"] .node-count', { hasText: '3 entered · 2 here now · 1 to goal' }).waitFor()
      const perf = page.getByRole('region', { name: 'Performance' })
      await perf.getByText('3 entered: 2 still running, 1 reached the goal (33.3%)').waitFor()
      await perf.getByText('Median time to goal: 1 h 35 min.').waitFor()
      await perf.getByRole('img', { name: 'Runs that reached each step' }).waitFor()
      await shot(page, viewport === DESKTOP ? 'emailperf-04-flow' : 'emailperf-05-flow-phone')
      assert.deepEqual(errors, [])
      await context.close()
    }
  })

  test('a sales user has no email performance in the menu, and the API refuses the report', async () => {
    const { context, page } = await signIn('sales')
    assert.equal(await page.getByRole('link', { name: 'Email performance' }).count(), 0)
    const status = await page.evaluate(async () => {
      const key = JSON.parse(localStorage.getItem('nurture.session')).key
      return (await fetch('/api/analysis/emails', { headers: { Authorization: 'Bearer ' + key } })).status
    })
    assert.equal(status, 403)
    await context.close()
  })
})
