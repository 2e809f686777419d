// The template editor in headless Chromium against the real server and the SMTP sink: an email built from
// blocks (added, filled in, moved by button and by keyboard, removed), its preheader, sender and reply-to set,
// a field error shown and fixed, saved, previewed as a computer and a phone show it, switched to HTML and
// back, and a test sent and found in the sink's Maildir (headers, inlined styles, the hidden preheader, the
// tracked link of the plain-text part). The email itself is screenshotted at 600 px and 375 px.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { SCREENSHOTS, missingEnvironment, startWorld, waitFor } from './harness.mjs'
import { DESKTOP, PHONE, pageTools } from './pages.mjs'
import { messagesTo } from './maildir.mjs'

const skip = missingEnvironment() || (!process.env.NURTURE_TEST_MAIL_DIR || !process.env.NURTURE_TEST_SMTP_PORT ? 'NURTURE_TEST_MAIL_DIR and NURTURE_TEST_SMTP_PORT are not set (deploy/local.sh test sets them)' : undefined)
if (skip) console.log(`# template editor browser tests skipped: ${skip}`)

/** A 1100 × 550 picture, as wide as a sharp picture for a 552 px column is. */
const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="550" viewBox="0 0 1100 550">' +
  '<rect width="1100" height="550" fill="#9ec5a4"/><circle cx="820" cy="200" r="120" fill="#f4d35e"/>' +
  '<text x="60" y="480" font-size="72" font-family="sans-serif" fill="#1c2430">Spring at the shop</text></svg>'

describe('the template editor in a browser against the real server', { skip }, () => {
  let world
  const tools = pageTools(() => world)
  const { signIn, open, assertAccessible, assertLabelled } = tools
  /** A full-page screenshot from the top: the preview card is sticky, and would be drawn where the page was scrolled to. */
  async function shot(page, name) {
    await page.evaluate(() => window.scrollTo(0, 0))
    await tools.shot(page, name)
  }

  before(async () => {
    // A second address templates may send from; the harness passes the environment on to the server.
    process.env.Nurture__Email__AllowedFromAddresses__0 = 'news@shop.example'
    world = await startWorld()
  }, { timeout: 300_000 })

  after(async () => {
    await world?.stop()
  })

  test('an email built from blocks, with its preheader, sender and reply-to, saved, previewed and sent as a test', { timeout: 240_000 }, async () => {
    const { context, page, errors } = await signIn('marketer')
    const tester = `tester-${world.run}@office.example`

    await open(page, '#/templates')
    await page.getByLabel('Template id').fill('spring-news')
    await page.getByRole('button', { name: 'Create and edit' }).click()
    await page.getByRole('heading', { name: 'Template: spring-news', level: 1 }).waitFor()
    // A new template starts from blocks: a heading, a text, a button and the footer.
    await page.getByRole('button', { name: 'Blocks', pressed: true }).waitFor()
    const blockList = page.getByRole('list', { name: 'Blocks, top to bottom' })
    assert.equal(await blockList.locator('> li').count(), 4)

    // The envelope.
    await page.getByLabel('Name', { exact: true }).fill('Spring news')
    await page.getByLabel('Subject').fill('Spring news for {{ lead.traits.name | default: "you" }}')
    await page.getByLabel('Preheader').fill('Three things new this spring')
    await page.getByLabel('From name').fill('Shop News')
    await page.getByLabel('From address').selectOption('news@shop.example')
    await page.getByLabel('Reply-to address').fill('help@shop.example')

    // The blocks: the starter's, then an image, two columns and a divider added.
    const block = (n) => blockList.locator('> li').nth(n - 1)
    await block(1).getByLabel('Heading text').fill('Hello {{ lead.traits.name | default: "there" }}')
    await block(2).getByLabel('Text', { exact: true }).fill('Prices <b>not</b> bold & "quoted".\n\nRead the guide: https://shop.example.com/guide')
    await block(3).getByLabel('Button words').fill('See the plans')
    await block(3).getByLabel('Button link').fill('javascript:alert(1)')
    await block(4).getByLabel('Footer text').fill('Example Shop K.K., 1-2-3 Chiyoda, Tokyo')

    // A link the server refuses shows under its field, in its block.
    await block(3).locator('.field-error', { hasText: 'must start with https://' }).waitFor()
    await block(3).getByLabel('Button link').fill('https://shop.example.com/pricing')
    await waitFor('the error to clear', async () => (await page.locator('.field-error:visible').count()) === 0)

    await page.getByRole('button', { name: '+ Image' }).click()
    // New blocks go above the footer: the image is block 4, and focus is in it.
    await block(4).getByLabel('Picture address').fill('https://cdn.example.com/spring.png')
    await block(4).getByLabel('Picture description (alt text)').fill('Spring flowers on the shop floor')
    // Moved up by keyboard from inside the block, then up again by its button.
    await block(4).getByLabel('Picture address').press('Alt+ArrowUp')
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.querySelector('legend')?.textContent), '3. Image')
    await page.getByRole('button', { name: 'Move block 3 (Image) up' }).click()
    assert.equal(await block(2).locator('legend').textContent(), '2. Image')

    await page.getByRole('button', { name: '+ Two columns' }).click()
    await block(5).getByRole('group', { name: 'Left column' }).getByLabel('Text', { exact: true }).fill('Left: new arrivals')
    await block(5).getByRole('group', { name: 'Right column' }).getByLabel('Text', { exact: true }).fill('Right: events this month')
    await page.getByRole('button', { name: '+ Divider' }).click()
    await page.getByRole('button', { name: 'Remove block 6 (Divider)' }).click()
    assert.equal(await blockList.locator('> li').count(), 6)
    // One footer, always last: it cannot be added twice or moved.
    assert.equal(await page.getByRole('button', { name: '+ Footer' }).isDisabled(), true)
    assert.equal(await page.getByRole('button', { name: 'Move block 6 (Footer) up' }).isDisabled(), true)

    // The live preview: the inbox line, the email (user text escaped, Liquid rendered for the sample lead).
    await page.locator('.inbox-line', { hasText: 'Shop News <news@shop.example>' }).waitFor()
    await page.locator('.preview-subject', { hasText: 'Spring news for Ann Sample' }).waitFor()
    await page.locator('.inbox-preheader', { hasText: 'Three things new this spring' }).waitFor()
    const email = page.frameLocator('.preview-frame')
    await email.getByRole('heading', { name: 'Hello Ann Sample' }).waitFor()
    await email.getByText('Prices <b>not</b> bold & "quoted".').waitFor()
    await email.getByRole('link', { name: 'See the plans' }).waitFor()
    await email.getByText('Right: events this month').waitFor()
    await assertLabelled(page)

    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved as version 1.').waitFor()
    await shot(page, 'templates-01-blocks-desktop')

    await page.getByRole('button', { name: 'Phone (375 px)' }).click()
    await shot(page, 'templates-02-preview-phone-width')

    // Switching to HTML: the HTML is what the blocks made, and the blocks become read-only (and say so).
    await page.getByRole('button', { name: 'HTML', exact: true }).click()
    await page.getByText('the blocks it came from are read-only').waitFor()
    assert.match(await page.getByLabel('HTML', { exact: true }).inputValue(), /max-width: 600px/)
    assert.equal(await block(1).getByLabel('Heading text').evaluate((el) => el.readOnly), true)
    assert.equal(await page.getByRole('button', { name: '+ Text' }).isVisible(), false)
    await shot(page, 'templates-03-html-mode')
    // …and back, after saying the HTML will be replaced.
    await page.getByRole('button', { name: 'Blocks', exact: true }).click()
    await page.getByRole('button', { name: 'Replace the HTML with blocks' }).click()
    assert.equal(await block(1).getByLabel('Heading text').evaluate((el) => el.readOnly), false)

    // A test with hostile addresses first: refused at the field.
    await page.getByLabel('Send a test to').fill('a@example.com, b@example.com')
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.locator('.field-error', { hasText: 'must be one address, not a list' }).waitFor()
    await page.getByLabel('Send a test to').fill(tester)
    await page.getByRole('button', { name: 'Send test' }).click()
    await page.getByText(`Sent “[Test] Spring news for Ann Sample” to ${tester}.`).waitFor()
    assert.deepEqual(errors, [])
    await context.close()

    // The test in the SMTP sink's Maildir.
    const [message] = await waitFor('the test email in the Maildir', async () => {
      const found = messagesTo(tester)
      return found.length ? found : null
    })
    assert.equal(message.headers.subject, '[Test] Spring news for Ann Sample')
    assert.equal(message.headers.from, 'Shop News <news@shop.example>')
    assert.equal(message.headers['reply-to'], 'help@shop.example')
    assert.match(message.html, /<body[^>]*><div class="preheader" style="display:none;[^"]*">Three things new this spring&zwnj;&nbsp;/)
    assert.match(message.html, /<table role="presentation" class="container" width="100%"[^>]*style="width: 100%;max-width: 600px/)
    assert.match(message.html, /@media only screen and \(max-width: 599px\)/)
    assert.match(message.html, /Prices &lt;b&gt;not&lt;\/b&gt; bold &amp; (&quot;|")quoted(&quot;|")\./)
    assert.doesNotMatch(message.html, /https:\/\/shop\.example\.com\/pricing/)
    // The plain text's own link is tracked; its unsubscribe link is not.
    assert.match(message.text, /Read the guide: http:\/\/127\.0\.0\.1:\d+\/e\/c\/[A-Za-z0-9_-]+/)
    assert.doesNotMatch(message.text, /shop\.example\.com\/guide/)
    assert.match(message.text, /Unsubscribe: http:\/\/127\.0\.0\.1:\d+\/e\/u\/[A-Za-z0-9_-]+/)
    const textLink = /Read the guide: (\S+)/.exec(message.text)[1]
    const redirect = await fetch(textLink, { redirect: 'manual' })
    assert.equal(redirect.status, 302)
    assert.equal(redirect.headers.get('location'), 'https://shop.example.com/guide')

    // The email itself as mail apps show it, at 600 px and at 375 px: the columns side by side, then stacked.
    for (const [width, name] of [[600, 'templates-04-email-600'], [375, 'templates-05-email-375']]) {
      const emailPage = await world.browser.newPage({ viewport: { width, height: 900 } })
      // No network: each picture is a wide drawing (as a real photo would be, wider than any phone), the rest is refused.
      await emailPage.route('**/*', (route) => (/\.png$/.test(route.request().url())
        ? route.fulfill({ contentType: 'image/svg+xml', body: PICTURE })
        : route.abort()))
      await emailPage.setContent(message.html, { waitUntil: 'domcontentloaded' })
      const [left, right] = await emailPage.locator('div.column').evaluateAll((columns) => columns.map((c) => c.getBoundingClientRect().toJSON()))
      if (width === 600) assert.equal(Math.round(left.top), Math.round(right.top), 'side by side at 600 px')
      else assert.ok(right.top >= left.bottom - 1, 'stacked at 375 px')
      const overflow = await emailPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px too wide)`)
      await emailPage.screenshot({ path: join(SCREENSHOTS, name + '.png'), fullPage: true })
      await assertAccessible(emailPage, name)
      await emailPage.close()
    }
  })

  test('the editor at phone width, by keyboard', { timeout: 120_000 }, async () => {
    const { context, page, errors } = await signIn('marketer', PHONE)
    await open(page, '#/templates/spring-news')
    await page.getByRole('heading', { name: 'Template: spring-news', level: 1 }).waitFor()
    await page.locator('.preview-subject', { hasText: 'Spring news for Ann Sample' }).waitFor()
    // Add a text block with the keyboard alone: focus the button, press Enter, type.
    await page.getByRole('button', { name: '+ Text' }).focus()
    await page.keyboard.press('Enter')
    await page.keyboard.type('Typed at phone width.')
    await page.frameLocator('.preview-frame').getByText('Typed at phone width.').waitFor()
    await assertLabelled(page)
    await shot(page, 'templates-06-editor-phone')
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(wide <= 0, `the page scrolls sideways by ${wide} px at phone width`)
    assert.deepEqual(errors, [])
    await context.close()

    const { context: desktop, page: list } = await signIn('marketer', DESKTOP)
    await open(list, '#/templates')
    await list.getByRole('link', { name: 'Spring news' }).waitFor()
    await shot(list, 'templates-07-list')
    await desktop.close()
  })
})
