// The Models page in headless Chromium against the real server: a marketer uploads a generated CSV of past deals
// (pricing visits predict a win), sees the columns and their kinds, chooses the outcome column and what its values
// mean, is refused at the right place, trains, reads the report (ROC curve, calibration, top columns, the figures
// in sentences), trains a second version, compares the two and activates one after a confirmation. Hostile files
// are refused at the file field; phone width works too. The sentences themselves are checked without a browser first.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { missingEnvironment, startWorld } from './harness.mjs'
import { PHONE, pageTools } from './pages.mjs'
import * as words from '../../../src/Nurture.Server/Console/js/model-words.js'

const report = (over = {}) => ({
  auc: 0.83, precisionAtTop10Percent: 0.7, baseRate: 0.2, brierScore: 0.12, rows: { train: 800, test: 200, skipped: 0 },
  labelColumn: 'Deal stage', source: 'deals.csv: CSV', calibration: [
    { from: 0, to: 0.1, count: 30, meanPredicted: 0.05, observedRate: 0.1 },
    { from: 0.5, to: 0.6, count: 10, meanPredicted: 0.55, observedRate: 0.45 },
    { from: 0.9, to: 1, count: 0, meanPredicted: null, observedRate: null }],
  ...over,
})

test('model words: each figure in one sentence a marketer reads, a verdict, and two versions compared', () => {
  assert.equal(words.topSentence(report()), 'Of the 10% of leads the model likes most, 7 in 10 became customers, against 2 in 10 overall. That is 3.5 times as often.')
  assert.match(words.aucSentence(report()), /8 times in 10 the model gives the customer the higher likelihood \(a coin toss manages 5 in 10\)/)
  // √0.12 ≈ 0.35; saying 20% to everyone: √0.16 = 0.4.
  assert.equal(words.brierSentence(report()), 'Its likelihoods are off by about 35 percentage points on a typical lead (lower is better); saying 20% for every lead would be off by about 40.')
  // Weighted gap: (30 × 0.05 + 10 × 0.10) / 40 ≈ 6 points; the empty bin does not count.
  assert.match(words.calibrationSentence(report()), /on average, 6 percentage points from what happened/)
  assert.equal(words.inTen(0.02), 'fewer than 1 in 10')
  assert.equal(words.inTen(0), '0 in 10')
  assert.equal(words.topCount(report()), 20)

  assert.deepEqual(words.verdict(report()), { kind: 'good', text: 'Good: this version ranks leads well and is worth using.' })
  assert.equal(words.verdict(report({ auc: 0.55 })).kind, 'warn')
  assert.match(words.verdict(report({ auc: 0.99 })).text, /gives the answer away/)
  assert.match(words.verdict(report({ rows: { test: 20 } })).text, /measured on only 4 customers/)
  // A stored report without figures (an old or damaged version) says so rather than failing.
  assert.equal(words.verdict({}).kind, 'warn')
  assert.equal(words.topSentence({}), 'This version has no top-10% figure.')
  assert.equal(words.calibrationSentence({ calibration: [] }), 'This version has no calibration figures.')

  const compared = words.compareSentences({ version: 2, report: report({ auc: 0.79, brierScore: 0.15 }) }, { version: 3, report: report({ precisionAtTop10Percent: 0.8 }) })
  assert.deepEqual(compared, [
    'Version 3 ranks leads better than version 2 (0.83 against 0.79).',
    'Of the top 10%, 7 in 10 became customers with version 2 and 8 in 10 with version 3.',
    'Version 3 has the more accurate likelihoods than version 2 (0.120 against 0.150).',
  ])
  assert.match(words.compareSentences({ version: 1, report: report() }, { version: 2, report: report({ labelColumn: 'Won?' }) }).at(-1), /trained on different data/)
  assert.equal(words.liveSourceWords('interest_pricing'), 'their pricing interest score')
  assert.equal(words.liveSourceWords('trait_jobtitle'), 'the trait "jobtitle" (when they have it)')
})

/** Past deals as a CRM exports them: pricing-page visits predict a win, a decision-maker title a little; the rest is noise. */
function dealsCsv(rows = 400, seed = 7) {
  let state = seed
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648)
  const titles = ['CTO', 'Engineer', 'Student', '営業部長', 'N/A']
  const lines = ['Email,Deal stage,Pricing visits,Job title,Company size,Webinar,Signed up,Notes']
  for (let i = 0; i < rows; i++) {
    const visits = Math.floor(random() * 12)
    const title = titles[Math.floor(random() * titles.length)]
    const won = random() < 1 / (1 + Math.exp(-(-3.2 + 0.65 * visits + (title === 'CTO' ? 0.9 : 0))))
    const stage = random() < 0.1 ? 'Open' : won ? 'Won' : 'Lost'
    const month = String(1 + (i % 12)).padStart(2, '0')
    const day = String(1 + (i % 28)).padStart(2, '0')
    lines.push([`buyer${i}@deals.example`, stage, visits, title, 10 + Math.floor(random() * 900), random() < 0.5 ? 'yes' : 'no', `2026-${month}-${day}`,
      `"Call ${i}: asked about ${5 + Math.floor(random() * 400)} seats, invoices and ""a discount"""`].join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

const skip = missingEnvironment()
if (skip) console.log(`# models browser tests skipped: ${skip}`)

describe('the Models page in a browser against the real server', { skip }, () => {
  let world
  before(async () => {
    world = await startWorld()
  }, { timeout: 300_000 })
  after(async () => {
    await world?.stop()
  })
  const { signIn, open, shot, assertLabelled, file } = pageTools(() => world)

  test('upload, choose the outcome, be refused at the right place, train, read the report, train again, compare, activate', async () => {
    const { context, page, errors } = await signIn('marketer')
    // Models is in the menu's Marketing group.
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Marketing' }).click()
    await nav.getByRole('link', { name: 'Models' }).click()
    await page.locator('main[data-route="#/models"]:not([aria-busy])').waitFor()
    await open(page, '#/models')
    await page.getByRole('heading', { name: 'Predictive models', level: 1 }).waitFor()
    await page.getByText('No model is active').waitFor()
    await page.getByText('No version trained yet.').waitFor()

    // Step one: the file. Its columns come back with their kinds, an outcome column suggested.
    await page.getByLabel('Spreadsheet (CSV or XLSX)').setInputFiles(file('deals.csv', dealsCsv()))
    await page.getByRole('button', { name: 'Read the file' }).click()
    await page.getByRole('heading', { name: 'deals.csv: 400 rows', level: 3 }).waitFor()
    const label = page.getByLabel('Which column says whether the lead became a customer?')
    assert.equal(await label.inputValue(), 'Deal stage')
    const kindOf = async (column) => (await page.locator('.columns-table tr', { has: page.locator('th', { hasText: new RegExp('^' + column) }) }).locator('.tag').textContent()).trim()
    assert.deepEqual(await Promise.all(['Email', 'Pricing visits', 'Job title', 'Webinar', 'Signed up', 'Notes'].map(kindOf)),
      ['ID-like', 'Number', 'Category', 'Yes/no', 'Date', 'Free text'])
    assert.equal(await page.getByLabel('Use Email').isChecked(), false)
    assert.equal(await page.getByLabel('Use Pricing visits').isChecked(), true)
    assert.equal(await page.getByLabel('Use Deal stage').isDisabled(), true)
    assert.equal(await page.getByLabel('What "Won" in Deal stage means').inputValue(), 'positive')
    assert.equal(await page.getByLabel('What "Open" in Deal stage means').inputValue(), 'negative')
    await assertLabelled(page)

    // Choosing another outcome column and back keeps what was ticked.
    await page.getByLabel('Use Company size').uncheck()
    await label.selectOption('Webinar')
    assert.equal(await page.getByLabel('Use Webinar').isDisabled(), true)
    assert.equal(await page.getByLabel('Use Company size').isChecked(), false)
    await label.selectOption('Deal stage')
    assert.equal(await page.getByLabel('Use Webinar').isChecked(), true)

    // Nothing chosen as "became a customer": refused under the values, in words.
    await page.getByLabel('What "Won" in Deal stage means').selectOption('negative')
    await page.getByRole('button', { name: 'Train a new version' }).click()
    const valuesGroup = page.getByRole('group', { name: 'What each value means' })
    await valuesGroup.locator('.field-error').filter({ hasText: 'choose at least one value that means the lead became a customer' }).waitFor()
    await shot(page, 'models-01-choice-refused')

    // Fixed: won is a customer, open deals are left out. Train.
    await page.getByLabel('What "Won" in Deal stage means').selectOption('positive')
    await page.getByLabel('What "Open" in Deal stage means').selectOption('skip')
    await page.getByRole('button', { name: 'Train a new version' }).click()
    await page.getByRole('heading', { name: 'Version 1', level: 2 }).waitFor({ timeout: 60_000 })
    assert.equal(await valuesGroup.locator('.field-error').isVisible(), false)
    const reportCard = page.locator('.model-report')
    await reportCard.getByText(/Of the 10% of leads the model likes most, \d+ in 10 became customers, against \d+ in 10 overall/).waitFor()
    await reportCard.getByText(/times in 10 the model gives the customer the higher likelihood/).waitFor()
    await reportCard.getByText(/Its likelihoods are off by about \d+ percentage points/).waitFor()
    await reportCard.getByRole('img', { name: 'ROC curve of version 1' }).waitFor()
    await reportCard.getByRole('img', { name: 'Likelihood given against the share that became customers' }).waitFor()
    await reportCard.getByRole('img', { name: 'Share of the model\'s decisions per column' }).waitFor()
    assert.match(await reportCard.locator('.verdict').textContent(), /^(Excellent|Good|Useful)/)
    // The strongest signal is the one the data was made with.
    assert.match(await reportCard.locator('svg[aria-label="Share of the model\'s decisions per column"] text.axis').first().textContent(), /Pricing visits/)
    await reportCard.getByText('How this version was trained').click()
    await reportCard.getByText('customers: Won; not: Lost').waitFor()
    await reportCard.getByText('Email, Company size, Signed up, Notes').waitFor()
    await shot(page, 'models-02-report')

    // A second version from the same file, without the job title.
    await page.getByLabel('Use Job title').uncheck()
    await page.getByRole('button', { name: 'Train a new version' }).click()
    await page.getByRole('heading', { name: 'Version 2', level: 2 }).waitFor({ timeout: 60_000 })
    const versions = page.locator('.versions-table tbody tr')
    assert.equal(await versions.count(), 2)

    // Compare the two: figures side by side and both curves on one chart.
    await page.getByLabel('Compare version').selectOption('2')
    await page.getByLabel('with version').selectOption('1')
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    await page.getByRole('heading', { name: 'Version 2 and version 1', level: 2 }).waitFor()
    const comparison = page.locator('section', { has: page.getByRole('heading', { name: 'Version 2 and version 1' }) })
    await comparison.getByRole('img', { name: 'ROC curves of versions 2 and 1' }).waitFor()
    assert.equal(await comparison.locator('svg path.line').count(), 2)
    assert.match(await comparison.locator('.compare-words').textContent(), /Of the top 10%|ranks leads better|about as well/)
    assert.match(await comparison.locator('.compare-table').textContent(), /Job title/)
    await shot(page, 'models-03-compare')

    // Activate version 2, after a confirmation that says what happens; cancelling changes nothing.
    await page.getByRole('button', { name: 'Activate version 2…' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Activate version 2?' })
    await dialog.getByText('No version is active now.').waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    assert.equal((await world.api('/api/scoring/predictive/models')).body.activeVersion, null)
    await page.getByRole('button', { name: 'Activate version 2…' }).first().click()
    await dialog.waitFor()
    await shot(page, 'models-04-activate-confirmation')
    await dialog.getByRole('button', { name: 'Activate version 2' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.locator('.versions-table tr.is-active').getByRole('rowheader', { name: 'Version 2' }).waitFor()
    await page.locator('.active-model').getByText(/Version 2, trained/).waitFor()
    assert.equal((await world.api('/api/scoring/predictive/models')).body.activeVersion, 2)
    // Switching back is the same confirmation, naming the version that stops.
    await page.getByRole('button', { name: 'Activate version 1…' }).click()
    await page.getByRole('dialog', { name: 'Activate version 1?' }).getByText('Version 2 stops being used').waitFor()
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
    await shot(page, 'models-05-active')
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('hostile files are refused at the file field; Shift_JIS headers read as Japanese; sales outcomes say what is missing', async () => {
    const { context, page, errors } = await signIn('admin')
    await open(page, '#/models')
    const upload = page.getByLabel('Spreadsheet (CSV or XLSX)')
    const fileError = page.locator('.upload-form .field-error')

    await page.getByRole('button', { name: 'Read the file' }).click()
    await fileError.filter({ hasText: 'choose a CSV or XLSX file first' }).waitFor()

    const garbage = Buffer.alloc(8192)
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256
    await upload.setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), garbage]) })
    await page.getByRole('button', { name: 'Read the file' }).click()
    await fileError.filter({ hasText: 'binary' }).waitFor()
    assert.equal(await upload.getAttribute('aria-invalid'), 'true')
    await shot(page, 'models-06-garbage-refused')

    await upload.setInputFiles({ name: 'only-header.csv', mimeType: 'text/csv', buffer: Buffer.from('Won?,visits\r\n') })
    await page.getByRole('button', { name: 'Read the file' }).click()
    await fileError.filter({ hasText: 'has a header row but no data rows' }).waitFor()

    // Excel in Japan saves "CSV" as Shift_JIS: 成約 (deal closed), 役職 (title), 価格ページ閲覧数 (pricing page views).
    const sjis = Buffer.from('90ac96f12c96f090452c89bf8a698379815b8357897b979790940d0a82cd82a22c959492b72c330d0a82a282a282a62c834783938357836a83412c300d0a', 'hex')
    await upload.setInputFiles({ name: '商談.csv', mimeType: 'text/csv', buffer: sjis })
    await page.getByRole('button', { name: 'Read the file' }).click()
    await page.getByRole('heading', { name: '商談.csv: 2 rows', level: 3 }).waitFor()
    assert.equal(await fileError.isVisible(), false)
    assert.equal(await page.getByLabel('Which column says whether the lead became a customer?').inputValue(), '成約')
    await page.getByRole('rowheader', { name: '役職' }).waitFor()
    // Too few rows is said in words, not a failure.
    await page.getByRole('button', { name: 'Train a new version' }).click()
    await page.locator('.choice-form .form-error').filter({ hasText: 'at least 50 are needed' }).waitFor()

    await page.getByLabel('What sales reported (won or lost)').check()
    await page.getByText('Sales have marked 0 leads won and 0 lost.').waitFor()
    await page.getByText(/Not enough yet: at least 10 won, 10 lost and 50 in all/).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Train from sales outcomes' }).isDisabled(), true)
    await shot(page, 'models-07-outcomes-not-enough')
    assert.deepEqual(errors, [])
    await context.close()

    // Sales may not open the page (the API refuses them these routes too).
    const sales = await signIn('sales')
    await open(sales.page, '#/models')
    assert.equal(await sales.page.getByRole('heading', { level: 1 }).textContent(), 'Not available')
    await sales.context.close()
  })

  test('at phone width: the file\'s columns, the report and the versions are readable', async () => {
    const { context, page, errors } = await signIn('marketer', PHONE)
    await open(page, '#/models')
    await page.getByRole('heading', { name: 'Version 2', level: 2 }).waitFor()
    await shot(page, 'models-08-phone-report')
    await page.getByLabel('Spreadsheet (CSV or XLSX)').setInputFiles(file('deals-phone.csv', dealsCsv(120, 11)))
    await page.getByRole('button', { name: 'Read the file' }).click()
    await page.getByRole('heading', { name: 'deals-phone.csv: 120 rows', level: 3 }).waitFor()
    await assertLabelled(page)
    await shot(page, 'models-09-phone-columns')
    // Nothing wider than the screen but the tables' own scrolling boxes.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`)
    assert.deepEqual(errors, [])
    await context.close()
  })
})
