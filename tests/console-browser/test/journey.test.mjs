// From zero, in the browser only: a fresh server with nothing but its admin; the admin creates a site and
// pastes its snippet into a small website the test serves, sees the install check turn green, creates a rep
// and a sales user for them, builds a segment and a flow with a "visited pricing twice" branch without JSON,
// writes an email and sends it as a test; then one visitor goes from anonymous to the rep's inbox, and the
// rep's alert email opens the lead in the console after signing in.
// Every page on the way is screenshotted (and checked for accessibility) for a reviewer.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { SCREENSHOTS, USER_AGENT, missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { PHONE, pageTools } from './pages.mjs'
import { messagesTo } from './maildir.mjs'

const skip = missingEnvironment() || (!process.env.NURTURE_TEST_MAIL_DIR ? 'NURTURE_TEST_MAIL_DIR is not set (deploy/local.sh test sets it)' : undefined)
if (skip) console.log(`# from-zero journey skipped: ${skip}`)

describe('from zero to a hot lead in the rep\'s inbox, in the browser only', { skip }, () => {
  let world
  let website // the shop the test serves, with whatever snippet the admin copied
  let snippet = ''
  const { signIn, open, shot, assertLabelled } = pageTools(() => world)

  before(async () => {
    world = await startWorld({ seed: false })
    website = await serveShop(() => snippet)
  }, { timeout: 300_000 })

  after(async () => {
    website?.close()
    await world?.stop()
  })

  test('the journey', { timeout: 600_000 }, async () => {
    const { context, page, errors } = await signIn('admin')
    // A failure leaves a picture of where it stopped.
    try {
      await journey(context, page, errors)
    } catch (e) {
      await page.screenshot({ path: join(SCREENSHOTS, 'journey-failed.png'), fullPage: true }).catch(() => {})
      console.log('# leads:', JSON.stringify((await world.api('/api/leads?limit=20')).body).slice(0, 3000))
      console.log('# flow:', JSON.stringify((await world.api('/api/flows/pricing-handoff')).body))
      const kana = (await world.api('/api/leads?email=kana%40client.example')).body
      console.log('# lead flows:', JSON.stringify(kana?.flows), JSON.stringify(kana?.recentEvents))
      console.log('# server log:', world.serverLog())
      throw e
    }
  })

  async function journey(context, page, errors) {
    // An admin lands on the dashboard: nothing has happened yet.
    await open(page, '#/dashboard')
    await shot(page, 'journey-01-empty-dashboard')
    await open(page, '#/leads')
    await shot(page, 'journey-01-empty-lead-list')
    const nav = page.getByRole('navigation', { name: 'Main' })
    const go = async (group, link, hash) => {
      await nav.getByRole('button', { name: group }).click()
      await shot(page, `journey-menu-${group.toLowerCase().replace(/\W+/g, '-')}`)
      await nav.getByRole('link', { name: link }).click()
      await page.locator(`main[data-route="${hash}"]:not([aria-busy])`).waitFor()
    }

    // 1. A site, and its snippet pasted into the shop's pages.
    await go('Settings', 'Sites', '#/sites')
    await page.getByLabel('Name').fill('Shop')
    await page.getByLabel('Where its pages are').fill(website.origin)
    await page.getByRole('button', { name: 'Create site' }).click()
    await page.getByRole('heading', { name: 'Shop', level: 1 }).waitFor()
    snippet = await page.locator('#copy-snippet-text').textContent()
    await shot(page, 'journey-02-site-waiting')

    // 2. A rep, and a sales user who is that rep.
    await go('Sales team', 'Reps', '#/reps')
    await page.getByRole('button', { name: 'New rep' }).click()
    const repForm = page.getByRole('form', { name: 'New rep' })
    await repForm.getByLabel('Name').fill('Rin Tanaka')
    await repForm.getByLabel('Email', { exact: true }).fill('rin@shop.example')
    await repForm.getByLabel('Capacity').fill('10')
    await repForm.getByRole('button', { name: 'Create rep' }).click()
    await page.getByRole('heading', { name: 'Rin Tanaka', level: 1 }).waitFor()
    await shot(page, 'journey-03-rep')
    await go('Settings', 'Users', '#/users')
    const userForm = page.getByRole('region', { name: 'New user' })
    await userForm.getByLabel('Email').fill('rin@shop.example')
    await userForm.getByLabel('Name').fill('Rin Tanaka')
    await userForm.getByLabel('Role').selectOption('sales')
    const rin = (await world.must('/api/reps')).find((r) => r.name === 'Rin Tanaka')
    await userForm.getByLabel('Rep (for sales users)').selectOption(rin.id)
    await userForm.getByLabel('Password').fill('rin-password-1')
    await userForm.getByRole('button', { name: 'Create user' }).click()
    await page.getByText('rin@shop.example can sign in now.').waitFor()
    await shot(page, 'journey-04-sales-user')

    // 3. A segment: visited a pricing page.
    await go('Marketing', 'Segments', '#/segments')
    await page.getByLabel('Name').fill('Pricing visitors')
    await page.getByRole('button', { name: 'Create and build' }).click()
    await page.getByRole('button', { name: 'Add a test' }).click()
    await page.getByLabel('Test 1: what').selectOption('visited')
    await page.getByLabel('Page path').fill('/pricing*')
    await page.locator('.segment-count').filter({ hasText: '0 leads match now' }).waitFor()
    await page.getByRole('button', { name: 'Save segment' }).click()
    await page.getByRole('heading', { name: 'Pricing visitors', level: 1 }).waitFor()
    await shot(page, 'journey-05-segment')

    // 4. An email from blocks, sent as a test.
    await go('Marketing', 'Templates', '#/templates')
    await page.getByLabel('Template id').fill('welcome')
    await page.getByRole('button', { name: 'Create and edit' }).click()
    await page.getByRole('heading', { name: 'Template: welcome', level: 1 }).waitFor()
    await page.getByLabel('Name', { exact: true }).fill('Welcome')
    await page.getByLabel('Subject').fill('Welcome to the shop, {{ lead.traits.name | default: "friend" }}')
    await page.getByLabel('Button link').fill('https://shop.example.com/pricing')
    await page.getByLabel('Footer text').fill('Shop K.K., 1-2-3 Chiyoda, Tokyo')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Template welcome saved.').first().waitFor()
    const tester = `marketing-${world.run}@shop.example`
    await page.getByLabel('Send a test to').fill(tester)
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.getByText(new RegExp(`Sent .* to ${tester}`)).waitFor()
    await shot(page, 'journey-06-template-test-sent')
    const [testMail] = await waitFor('the test email', async () => (messagesTo(tester).length ? messagesTo(tester) : null))
    assert.match(testMail.headers.subject, /^\[Test\] Welcome to the shop/)

    // 5. A flow: when someone tells us who they are, if they read pricing twice today, hand them to sales.
    await go('Marketing', 'Flows', '#/flows')
    await page.getByLabel('Flow id').fill('pricing-handoff')
    await page.getByRole('button', { name: 'Create and design' }).click()
    await page.getByRole('heading', { name: /^Flow:/, level: 1 }).waitFor()
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    await inspector.getByLabel('Starts when').selectOption('event')
    await inspector.getByLabel('What the lead does').selectOption('identify')
    const palette = page.getByRole('complementary', { name: 'Add a step' })
    await palette.getByRole('button', { name: 'Notify sales' }).click()
    await inspector.getByLabel('Note for the rep (optional)').fill('Read pricing twice, then signed up')
    await inspector.getByLabel('Then go to (next)').selectOption('done')
    await palette.getByRole('button', { name: 'Branch' }).click()
    await inspector.getByRole('button', { name: 'Make this the start' }).click()
    await inspector.getByRole('button', { name: 'Add a test' }).click()
    await inspector.getByLabel('Test 1: what').selectOption('visited')
    await inspector.getByLabel('Page path').fill('/pricing*')
    await inspector.getByLabel('Times').fill('2')
    await inspector.getByLabel('Days').fill('1')
    await inspector.getByLabel('Then go to (yes)').selectOption('notify-sales-1')
    await inspector.getByLabel('Then go to (no)').selectOption('done')
    await page.getByRole('button', { name: 'Save and activate' }).click()
    await page.locator('.save-status .status-active').waitFor()
    await shot(page, 'journey-07-flow-active')

    // 6. The install check turns green as the visitor arrives; they read pricing twice, then sign up.
    await go('Settings', 'Sites', '#/sites')
    await page.getByRole('link', { name: 'Shop' }).click()
    await page.getByText('No event yet.').waitFor()
    // A real browser's user agent: headless Chromium's own is a bot's, and bots never become leads.
    const visitor = await world.browser.newContext({ userAgent: USER_AGENT })
    const shop = await visitor.newPage()
    await shop.goto(website.origin + '/pricing')
    await page.getByText('Installed: events are arriving.').waitFor({ timeout: 30_000 })
    await shot(page, 'journey-08-installed')
    // Each page's view reaches the server before the visitor moves on, as it would for a person reading it.
    const site = (await world.must('/api/sites')).find((x) => x.name === 'Shop')
    const arrived = (url) => waitFor(`the view of ${url}`, async () => (await world.api(`/api/sites/${site.id}/activity`)).body?.lastEventUrl?.endsWith(url))
    await shop.goto(website.origin + '/pricing/team')
    await arrived('/pricing/team')
    await shop.goto(website.origin + '/signup')
    await shop.getByLabel('Work email').fill('kana@client.example')
    await shop.getByLabel('Name').fill('Kana Mori')
    await shop.getByLabel('Company').fill('Client Co')
    await shop.getByRole('button', { name: 'Send' }).click()
    await shop.getByText('Thank you').waitFor()

    // 7. The marketer sees the lead with its story; the rep has it in the inbox, with why.
    await go('Marketing', 'Segments', '#/segments')
    // The browser stays open until the lead is there: closing it could cancel the beacon still on its way.
    const lead = await world.leadByEmail('kana@client.example', (l) => l.counters.pageViews >= 2)
    await visitor.close()
    await open(page, `#/leads/${lead.id}`)
    await page.getByRole('heading', { name: 'Kana Mori', level: 1 }).waitFor()
    await shot(page, 'journey-09-lead')
    assert.deepEqual(errors, [])
    await context.close()

    // The rep's alert email links to the lead in the console: signing in from it lands there.
    const alertMail = () => messagesTo('rin@shop.example').filter((m) => m.text.includes(lead.id))
    const [alert] = await waitFor('the alert email to the rep', async () => (alertMail().length ? alertMail() : null))
    const link = /Open the lead: (\S+)/.exec(alert.text)?.[1]
    assert.equal(link, `${world.server}/console/#/leads/${lead.id}`)
    const fromMail = await world.browser.newContext()
    const mailPage = await fromMail.newPage()
    await mailPage.goto(link)
    await mailPage.getByRole('heading', { name: 'Sign in to Nurture', level: 1 }).waitFor()
    await mailPage.getByLabel('Email').fill('rin@shop.example')
    await mailPage.getByLabel('Password').fill('rin-password-1')
    await mailPage.getByRole('button', { name: 'Sign in' }).click()
    await mailPage.getByRole('heading', { name: 'Kana Mori', level: 1 }).waitFor()
    await shot(mailPage, 'journey-10-rep-opens-the-alert-link')
    await fromMail.close()

    const rep = await signIn({ email: 'rin@shop.example', password: 'rin-password-1' })
    await rep.page.getByRole('heading', { name: 'Sales inbox', level: 1 }).waitFor()
    await rep.page.getByText('Kana Mori').first().waitFor({ timeout: 30_000 })
    await rep.page.getByText('Read pricing twice, then signed up').first().waitFor()
    await assertLabelled(rep.page)
    await shot(rep.page, 'journey-11-rep-inbox')
    const phone = await signIn({ email: 'rin@shop.example', password: 'rin-password-1' }, PHONE)
    await phone.page.getByText('Kana Mori').first().waitFor({ timeout: 30_000 })
    await shot(phone.page, 'journey-12-rep-inbox-phone')
    assert.deepEqual([...rep.errors, ...phone.errors], [])
    await phone.context.close()
    await rep.context.close()
  }
})

/** The shop: a pricing page, a team plan page and a sign-up form, each with the snippet the admin copied. */
function serveShop(snippet) {
  const page = (title, body) => () =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${snippet()}</head><body><h1>${title}</h1>${body}</body></html>`
  const pages = {
    '/pricing': page('Pricing', '<p>Plans for every team.</p>'),
    '/pricing/team': page('Team plan', '<p>For ten people and more.</p>'),
    '/signup': page('Sign up', '<form action="/thanks" method="post"><label>Work email <input type="email" name="email" required></label>' +
      '<label>Name <input type="text" name="name"></label><label>Company <input type="text" name="company"></label><button>Send</button></form>'),
    '/thanks': page('Thank you', '<p>We will be in touch.</p>'),
  }
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const html = pages[new URL(req.url, 'http://x').pathname]
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
      res.end(html ? html() : 'not found')
    })
    server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }))
  })
}
