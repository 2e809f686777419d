// The rep's day in the browser: a lead turns hot and is assigned to the rep; the alert email in the SMTP sink
// links to the lead in the console, and opening it signed out goes through sign-in to that lead; the rep
// logs a call (errors at their fields first, markup in the note shown as text), marks the lead won with a
// value and close date, and finds it in the Won view with its count. Screenshots at 1280 and 390 px.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { PASSWORD, USERS, missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { DESKTOP, PHONE, pageTools } from './pages.mjs'
import { messagesTo } from './maildir.mjs'
import { tippingWords, salesEventWords, who } from '../../../src/Nurture.Server/Console/js/sales-words.js'
import { telHref } from '../../../src/Nurture.Server/Console/js/contact.js'

const skip = missingEnvironment() || (!process.env.NURTURE_TEST_MAIL_DIR || !process.env.NURTURE_TEST_SMTP_PORT ? 'NURTURE_TEST_MAIL_DIR and NURTURE_TEST_SMTP_PORT are not set' : undefined)
if (skip) console.log(`# rep's day browser tests skipped: ${skip}`)

test('sales words: the tipping event, a sales event on the timeline, a phone to dial', () => {
  assert.equal(tippingWords({ type: 'email_click', url: 'https://shop.example/pricing?x=1', templateName: 'Spring offer' }), "Clicked /pricing in the email 'Spring offer'")
  assert.equal(tippingWords({ type: 'email_click', url: 'https://shop.example/p', title: 'Pricing', templateId: 'spring' }), "Clicked 'Pricing' in the email 'spring'")
  assert.equal(tippingWords({ type: 'form_submit', url: 'https://shop.example/contact' }), 'Submitted a form on /contact')
  assert.equal(tippingWords({ type: '', ruleId: 'demo-page', url: 'https://shop.example/demo' }), 'Matched the rule demo-page on /demo')
  assert.equal(salesEventWords({ type: 'sales_call', props: { outcome: 'left_message', user: 'user:sam@x.example', note: 'call back' } }),
    'Call: Left a message, by sam@x.example: call back')
  assert.equal(salesEventWords({ type: 'sales_won', props: { deal_value: '1200000', closed_on: '2026-12-01', rep: 'rep-sam' } }),
    `Won, worth ${(1200000).toLocaleString()}, closed 2026-12-01, by rep-sam`)
  assert.equal(who('key:ab12cd34'), 'key:ab12cd34')
  assert.equal(telHref('+81 3-1234-5678'), 'tel:+81312345678')
  assert.equal(telHref('javascript:alert(1)'), null)
  assert.equal(telHref('12'), null)
})

describe("the rep's day, from the alert email to a won deal", { skip }, () => {
  let world
  const { signIn, open, shot, assertLabelled } = pageTools(() => world)
  const email = 'rio@longname-industries.example'
  const xss = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> wants a quote'

  before(async () => {
    world = await startWorld()
  }, { timeout: 300_000 })

  after(async () => {
    await world?.stop()
  })

  test('alert link → sign-in → the lead; log a call; won with value; the Won view counts it', { timeout: 240_000 }, async () => {
    // A decision maker reads pricing (one page by a very long address), the demo pages and sends two forms: hot.
    const long = '/pricing/enterprise?utm_source=a-partner-newsletter-with-a-remarkably-long-name&utm_campaign=' + 'winter-promotion-'.repeat(8)
    const visit = (path) => ({ type: 'page_view', url: 'https://www.example.com' + path })
    await world.collect('rio-laptop', [
      { type: 'identify', email, traits: { name: 'Rio Tanaka', company: 'Longname Industries', jobTitle: 'CTO', phone: '+81 3-1234-5678' } },
      visit(long), visit('/pricing'), visit('/pricing/team'), visit('/demo'), visit('/demo?step=2'), visit('/demo/book'),
      { type: 'form_submit', url: 'https://www.example.com/demo/book' }, { type: 'form_submit', url: 'https://www.example.com' + long.replace('/pricing/enterprise', '/contact') },
    ])
    const lead = await world.leadByEmail(email)
    await waitFor('the lead in the rep\'s inbox', async () => (await world.must('/api/sales/inbox?rep=rep-sam')).leads.some((l) => l.leadId === lead.id), 60_000)

    // The alert email to the rep links to the lead in the console.
    const alertMail = () => messagesTo('sam@sales.console.test').filter((m) => m.text.includes(lead.id))
    const [alert] = await waitFor('the alert email to the rep', async () => (alertMail().length ? alertMail() : null), 60_000)
    const link = /Open the lead: (\S+)/.exec(alert.text)?.[1]
    assert.equal(link, `${world.server}/console/#/leads/${lead.id}`)

    // Opened while signed out: sign in, and the lead is on screen.
    const context = await world.browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e))
    await page.goto(link)
    await page.getByRole('heading', { name: 'Sign in to Nurture', level: 1 }).waitFor()
    await page.getByLabel('Email').fill(USERS.sales.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Rio Tanaka', level: 1 }).waitFor()

    // Contact: the email and phone as links.
    const contact = page.getByRole('region', { name: 'Contact' })
    assert.equal(await contact.getByRole('link', { name: 'Email ' + email }).getAttribute('href'), 'mailto:' + email)
    assert.equal(await contact.getByRole('link', { name: 'Call +81 3-1234-5678' }).getAttribute('href'), 'tel:+81312345678')

    // Log: a note without text is refused at the note's field; then a call with markup in its note.
    await contact.getByRole('button', { name: 'Log a call, meeting or note…' }).click()
    await contact.getByLabel('What').selectOption('note')
    await contact.getByRole('button', { name: 'Save' }).click()
    await contact.locator('.field-error', { hasText: 'is required for a note' }).waitFor()
    assert.equal(await contact.getByLabel('Note').getAttribute('aria-invalid'), 'true')
    await contact.getByLabel('What').selectOption('call')
    await contact.getByLabel('Outcome').selectOption('left_message')
    await contact.getByLabel('Note').fill(xss)
    await assertLabelled(page)
    await shot(page, 'repday-01-lead-log-call')
    await contact.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Rio Tanaka: call logged (left a message)' }).waitFor()
    // The change history has it at once; the timeline once ClickHouse has the event.
    await page.getByRole('heading', { name: 'Rio Tanaka', level: 1 }).waitFor()
    await page.getByRole('region', { name: 'Change history' }).getByText('sales_last_activity').first().waitFor()
    await waitFor('the call in the timeline', async () =>
      (await world.must(`/api/leads/${lead.id}/timeline?limit=100`)).events.some((e) => e.type === 'sales_call'), 30_000)
    await page.reload()
    const behaviour = page.getByRole('region', { name: 'Behaviour' })
    await behaviour.getByText(`Call: Left a message, by ${USERS.sales.email}: ${xss}`).waitFor()
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'the note is text, never markup')
    await behaviour.getByRole('heading', { name: /Sales activity/ }).first().waitFor()
    await shot(page, 'repday-02-lead-timeline-call')

    // The inbox card: why hot names the tipping event first; the long address stays inside the card.
    await open(page, '#/inbox')
    const card = page.locator('.lead-card', { hasText: 'Rio Tanaka' })
    await card.waitFor()
    await card.getByText('Tipped over by:').waitFor()
    await card.getByText(/form-submit: \+20 on \/contact\?utm_source=a-partner/).waitFor()
    await card.getByText(/Last call: left a message, by sales@console\.test/).waitFor()
    const overflow = await card.evaluate((el) => [...el.querySelectorAll('*')].filter((c) => c.getBoundingClientRect().right > el.getBoundingClientRect().right + 1).length)
    assert.equal(overflow, 0, 'nothing runs out of the card')
    await shot(page, 'repday-03-inbox-open')

    // Won: the value is checked at its field, then taken with the close date.
    await card.getByRole('button', { name: 'Won…' }).click()
    await card.getByLabel('Deal value').fill('about a million')
    await card.getByRole('button', { name: 'Mark won' }).click()
    await card.locator('.field-error', { hasText: 'must be an amount in digits' }).waitFor()
    assert.equal(await card.getByLabel('Deal value').getAttribute('aria-invalid'), 'true')
    await card.getByLabel('Deal value').fill('1,200,000')
    await card.getByLabel('Closed on').fill('2026-12-01')
    await card.getByRole('button', { name: 'Mark won' }).click()
    await card.getByText(`won: ${(1200000).toLocaleString('en-US')}, closed 2026-12-01`).waitFor()
    await card.getByRole('link', { name: 'the Won view' }).waitFor()
    await page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Won: 1 lead' }).waitFor()
    await shot(page, 'repday-04-inbox-marked-won')

    // The Won view: the lead with its value, and the count on the tab.
    await card.getByRole('link', { name: 'the Won view' }).click()
    await page.locator('main[data-route="#/inbox?view=won"]:not([aria-busy])').waitFor()
    const wonTab = page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Won: 1 lead' })
    assert.equal(await wonTab.getAttribute('aria-current'), 'page')
    await page.locator('.lead-card', { hasText: 'Rio Tanaka' }).getByText(/^won: /).waitFor()
    assert.equal(await page.locator('.lead-card').count(), 1)
    await page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Open: 0 leads' }).waitFor()
    await shot(page, 'repday-05-inbox-won-view')
    const inbox = await world.must('/api/sales/inbox?rep=rep-sam&view=won')
    assert.equal(inbox.counts.won, 1)
    assert.equal(inbox.leads[0].dealValue, 1200000)
    assert.deepEqual(errors, [])
    await context.close()

    // At phone width: the Won view and the lead page.
    const phone = await signIn('sales', PHONE)
    await open(phone.page, '#/inbox?view=won')
    await phone.page.locator('.lead-card', { hasText: 'Rio Tanaka' }).waitFor()
    await shot(phone.page, 'repday-06-inbox-won-phone')
    await open(phone.page, `#/leads/${lead.id}`)
    await phone.page.getByRole('heading', { name: 'Rio Tanaka', level: 1 }).waitFor()
    await phone.page.getByRole('region', { name: 'Contact' }).getByRole('button', { name: 'Log a call, meeting or note…' }).click()
    await shot(phone.page, 'repday-07-lead-phone')
    const phoneOverflow = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
    assert.equal(phoneOverflow, false, 'the page fits the phone')
    assert.deepEqual(phone.errors, [])
    await phone.context.close()
  })
})
