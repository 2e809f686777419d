// The dashboard in headless Chromium against the real server: a marketer signs in and lands on it (a sales
// user keeps the inbox), the week's new leads, page views and campaigns from real /collect traffic are on
// its tiles with sparklines whose text alternative lists the numbers, and a tile's link opens the list
// behind it (the leads created this week). The weekly digest is switched on from the account page by
// keyboard. Screenshots at 1280 and 390 px, each checked with axe.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { PHONE, pageTools } from './pages.mjs'

const skip = missingEnvironment()
if (skip) console.log(`# dashboard browser tests skipped: ${skip}`)

describe('the dashboard in a browser against the real server', { skip }, () => {
  let world
  const { signIn, open, shot, assertLabelled } = pageTools(() => world)
  const campaign = 'spring-sale'

  before(async () => {
    // Japanese days: the harness passes the environment on to the server.
    process.env.Nurture__Dashboard__TimeZone = 'Asia/Tokyo'
    world = await startWorld()
    // Three visitors from a campaign (two of them identify), one from search, with page views.
    for (let i = 0; i < 3; i++) {
      await world.collect(`dash-${world.run}-${i}`, [
        { type: 'page_view', url: `https://shop.example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=${campaign}` },
        { type: 'page_view', url: 'https://shop.example.com/pricing' },
        ...(i < 2 ? [{ type: 'identify', email: `dash-${i}-${world.run}@example.com` }] : []),
      ])
    }
    await world.collect(`dash-${world.run}-search`, [{ type: 'page_view', url: 'https://shop.example.com/docs', referrer: 'https://www.google.com/' }])
    await waitFor('the dashboard counting the new leads', async () => {
      const r = await world.api('/api/dashboard')
      return r.status === 200 && r.body.metrics.leads.today >= 4 && r.body.topCampaigns.length > 0 && r.body.metrics.pageViews.today >= 7
    }, 60_000)
  }, { timeout: 300_000 })

  after(async () => {
    await world?.stop()
  })

  test('a marketer lands on the dashboard and follows the new leads tile to its list', { timeout: 180_000 }, async () => {
    const { context, page, errors } = await signIn('marketer')
    // Signing in lands on the home page: the dashboard for a marketer.
    await page.locator('main[data-route="#/dashboard"]:not([aria-busy])').waitFor()
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
    assert.match(await page.locator('.lede').innerText(), /Asia\/Tokyo/)
    const leadsTile = page.getByRole('region', { name: 'New leads' })
    assert.equal(await leadsTile.locator('.tile-number').innerText(), '4')
    assert.match(await leadsTile.locator('.tile-week').innerText(), /This week 4/)
    // The sparkline's text alternative has every day's number, today's last.
    const spark = leadsTile.getByRole('img')
    assert.match(await spark.getAttribute('aria-label'), /New leads per day, last 14 days: .* 4$/)
    const campaigns = page.getByRole('region', { name: 'Top campaigns' })
    await campaigns.getByRole('link', { name: campaign }).waitFor()
    assert.match(await page.getByRole('region', { name: 'Top pages' }).innerText(), /\/pricing\s+3/)
    await shot(page, 'dashboard-desktop')

    // The numbers download as CSV.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Download the dashboard's numbers as CSV" }).click()])
    assert.match(file.suggestedFilename(), /^dashboard-\d{8}\.csv$/)
    assert.match(await readFile(await file.path(), 'utf8'), /New leads,4,0,4,0/)

    // The tile's link: the leads created this week, newest first.
    await leadsTile.getByRole('link', { name: 'New leads this week' }).click()
    await page.locator('main[data-route^="#/leads?"]:not([aria-busy])').waitFor()
    assert.match(page.url(), /createdFrom=/)
    await page.getByText('1–4 of 4 leads').waitFor()
    await page.getByText(/Created from/).waitFor()
    await shot(page, 'dashboard-leads-list')
    // Another filter keeps the tile's time range.
    await page.getByLabel('Search').fill(`dash-0-${world.run}`)
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByText('1–1 of 1 leads').waitFor()
    assert.match(page.url(), /createdFrom=/)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('the dashboard at phone width, and the digest switched on from the account page', { timeout: 180_000 }, async () => {
    const { context, page, errors } = await signIn('marketer', PHONE)
    await page.locator('main[data-route="#/dashboard"]:not([aria-busy])').waitFor()
    await page.getByRole('region', { name: 'SLA breaches' }).waitFor()
    // Nothing runs out of the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`)
    await shot(page, 'dashboard-phone')

    await open(page, '#/account')
    const box = page.getByLabel('Email me the weekly digest')
    assert.equal(await box.isChecked(), false)
    await box.focus()
    await page.keyboard.press('Space')
    await page.getByText('You will get the weekly digest.').waitFor()
    await assertLabelled(page)
    await shot(page, 'dashboard-account-digest-phone')
    await page.reload()
    await page.locator('main[data-route="#/account"]:not([aria-busy])').waitFor()
    assert.equal(await page.getByLabel('Email me the weekly digest').isChecked(), true)
    const me = await world.api('/api/users')
    assert.equal(me.body.find((u) => u.email === 'marketer@console.test').weeklyDigest, true)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('an admin lands on the dashboard too, and turns the digest on for a sales user on the Users page', { timeout: 120_000 }, async () => {
    const { context, page, errors } = await signIn('admin')
    await page.locator('main[data-route="#/dashboard"]:not([aria-busy])').waitFor()
    await open(page, '#/users')
    await page.getByRole('button', { name: 'Change sales@console.test' }).click()
    const box = page.getByLabel('Sends the weekly digest to this user')
    assert.equal(await box.isChecked(), false)
    await box.check()
    await page.getByRole('button', { name: 'Save user' }).click()
    await page.getByText('sales@console.test saved.').waitFor()
    const row = page.getByRole('row').filter({ hasText: 'sales@console.test' })
    assert.equal(await row.getByRole('cell').nth(2).innerText(), 'yes')
    await assertLabelled(page)
    await shot(page, 'dashboard-users-digest')
    const users = await world.api('/api/users')
    assert.equal(users.body.find((u) => u.email === 'sales@console.test').weeklyDigest, true)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('a sales user still lands on the inbox, without the dashboard in the menu', { timeout: 120_000 }, async () => {
    const { context, page } = await signIn('sales')
    await page.locator('main[data-route="#/inbox"]:not([aria-busy])').waitFor()
    assert.equal(await page.locator('#nav a[data-page="dashboard"]').count(), 0)
    await context.close()
  })
})
