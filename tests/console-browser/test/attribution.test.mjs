// The Attribution page in headless Chromium against the real server: two visitors arrive from a google/cpc campaign
// and one from the newsletter; a marketer opens Marketing → Attribution, groups new leads by campaign, uploads a cost
// file with a bad row (refused whole, the problem shown at its row and column), then the corrected file, and reads
// the cost per lead (100,000 yen over 2 leads: 50,000); downloads the table; the page at phone width too.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { PHONE, pageTools } from './pages.mjs'

const skip = missingEnvironment()
if (skip) console.log(`# attribution browser tests skipped: ${skip}`)

describe('the Attribution page in a browser against the real server', { skip }, () => {
  let world
  before(async () => {
    world = await startWorld()
  }, { timeout: 300_000 })
  after(async () => {
    await world?.stop()
  })
  const { signIn, open, shot, assertLabelled, file } = pageTools(() => world)
  // This month, whole: a month's cost then counts in full.
  const now = new Date()
  const month = now.toISOString().slice(0, 7)
  const from = `${month}-01`
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)

  test('group new leads by campaign, upload costs (a bad row first), read the cost per lead, download the table', async () => {
    const landing = (campaign, source, medium) => `https://shop.example.com/?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign}`
    await world.collect('attr-visitor-1', [{ type: 'page_view', url: landing('spring-sale', 'google', 'cpc'), referrer: 'https://www.google.com/' }])
    await world.collect('attr-visitor-2', [{ type: 'page_view', url: landing('spring-sale', 'google', 'cpc'), referrer: 'https://www.google.com/' }])
    await world.collect('attr-visitor-3', [{ type: 'page_view', url: landing('autumn-news', 'newsletter', 'email') }])
    await waitFor('the three leads in ClickHouse', async () => {
      const r = await world.api(`/api/analysis/attribution?from=${from}&to=${to}&outcome=new&model=first&by=campaign`)
      return r.status === 200 && r.body.rows.find((row) => row.key === 'spring-sale')?.credit === 2 && r.body.rows.some((row) => row.key === 'autumn-news')
    })

    const { context, page, errors } = await signIn('marketer')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Marketing' }).click()
    await nav.getByRole('link', { name: 'Attribution' }).click()
    await page.locator('main[data-route="#/attribution"]:not([aria-busy])').waitFor()
    await page.getByRole('heading', { name: 'Attribution', level: 1 }).waitFor()

    await page.getByLabel('From').fill(from)
    await page.getByLabel('To (not included)').fill(to)
    await page.getByLabel('Outcome').selectOption('new')
    await page.getByLabel('Model').selectOption('position')
    await page.getByLabel('Group by').selectOption('campaign')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.getByRole('heading', { name: 'New leads by campaign', level: 2 }).waitFor()
    const table = page.locator('.attribution-table')
    const row = (key) => table.locator('tbody tr', { has: page.getByRole('rowheader', { name: key, exact: true }) })
    await row('spring-sale').waitFor()
    assert.deepEqual(await row('spring-sale').locator('td').allTextContents(), ['2', '66.7%', '—', '—'])
    await page.getByRole('img', { name: /New leads credited to each campaign/ }).waitFor()
    await assertLabelled(page)

    // A cost file with a negative cost on row 3: refused whole, the problem at its row and column.
    const costs = page.locator('#costs')
    await costs.getByText('No campaign costs yet.').waitFor()
    await page.getByLabel('Cost spreadsheet (CSV or XLSX)').setInputFiles(file('bad-costs.csv',
      `campaign,period,cost\nspring-sale,${month},100000\nautumn-news,${month},-5000\n`))
    await page.getByRole('button', { name: 'Upload costs' }).click()
    const problems = costs.locator('.row-errors table')
    await problems.waitFor()
    assert.deepEqual(await problems.locator('tbody tr').first().locator('td').allTextContents(), ['3', 'cost', 'must not be negative'])
    await costs.getByText(/Nothing was stored: 1 problem in the file/).waitFor()
    await costs.getByText('No campaign costs yet.').waitFor()
    await shot(page, 'attribution-01-cost-file-refused')

    // The corrected file: spring-sale cost 100,000 yen this month, over its 2 leads.
    await page.getByLabel('Cost spreadsheet (CSV or XLSX)').setInputFiles(file('costs.csv',
      `campaign,period,cost\nspring-sale,${month},"100,000"\nautumn-news,${month},30000\n`))
    await page.getByRole('button', { name: 'Upload costs' }).click()
    await costs.locator('tbody tr', { has: page.getByRole('rowheader', { name: 'spring-sale' }) }).waitFor()
    assert.equal(await problems.count(), 0)
    await waitFor('the cost in the report', async () => (await row('spring-sale').locator('td').nth(2).textContent()).includes('100,000'))
    const cells = await row('spring-sale').locator('td').allTextContents()
    assert.match(cells[2], /100,000/)
    assert.match(cells[3], /50,000/) // cost per lead: 100,000 / 2
    assert.match(await row('autumn-news').locator('td').nth(3).textContent(), /30,000/)
    await shot(page, 'attribution-02-cost-per-lead')

    // The table as a file, as shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the attribution table as CSV' }).click()])
    const csv = readFileSync(await download.path(), 'utf8')
    assert.match(csv, /spring-sale,2,0\.666667,0,100000(\.00)?,50000(\.00)?/)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the attribution table as Excel (XLSX)' }).click()])
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK')

    // Won deals, by channel: the marketer sees the value column and the models' words.
    await page.getByLabel('Outcome').selectOption('won')
    await page.getByLabel('Group by').selectOption('channel')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.getByRole('heading', { name: 'Won deals by channel', level: 2 }).waitFor()
    await page.getByText('40/20/40: 40% to the first touch, 40% to the last', { exact: false }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('the page at phone width', async () => {
    const { context, page, errors } = await signIn('marketer', PHONE)
    await open(page, `#/attribution?from=${from}&to=${to}&outcome=new&model=linear&by=campaign`)
    await page.getByRole('heading', { name: 'New leads by campaign', level: 2 }).waitFor()
    await page.locator('.attribution-table').waitFor()
    // Nothing wider than the screen but the tables' own scrolling boxes.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`)
    await shot(page, 'attribution-03-phone')
    assert.deepEqual(errors, [])
    await context.close()
  })
})
