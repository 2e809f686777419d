// What every console browser test does with a page: sign in as a role, open a console address, take a
// screenshot that is also checked for accessibility, and check that every control is labelled.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PASSWORD, SCREENSHOTS, USERS } from './harness.mjs'

// axe-core, evaluated in the page through the browser's protocol (so the console's CSP does not apply to it).
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export const DESKTOP = { width: 1280, height: 860 }
export const PHONE = { width: 390, height: 844 }

/** The page helpers for the world startWorld() made (passed as a getter: the world exists only once before() ran). */
export function pageTools(getWorld) {
  /** A fresh browser context signed in as the role (or as {email, password}); collects script errors in the page. */
  async function signIn(role, viewport = DESKTOP) {
    const who = typeof role === 'string' ? { email: USERS[role].email, password: PASSWORD } : role
    const context = await getWorld().browser.newContext({ viewport })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e))
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(new Error(m.text())))
    await page.goto(getWorld().server + '/console/')
    await page.getByLabel('Email').fill(who.email)
    await page.getByLabel('Password').fill(who.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    return { context, page, errors }
  }

  /** Goes to a console address and waits until that page has rendered. */
  async function open(page, hash) {
    await page.goto(getWorld().server + '/console/' + hash)
    await page.locator(`main[data-route=${JSON.stringify(hash)}]:not([aria-busy])`).waitFor()
  }

  /** A screenshot for the reviewer, and an accessibility check of what it shows: no serious or critical axe violation. */
  async function shot(page, name) {
    await page.screenshot({ path: join(SCREENSHOTS, name + '.png'), fullPage: true })
    await assertAccessible(page, name)
  }

  async function assertAccessible(page, name) {
    if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE)
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] })
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`)
    })
    assert.deepEqual(violations, [], `accessibility problems on ${name}`)
  }

  /** Every visible form control has a name a screen reader can announce. */
  async function assertLabelled(page) {
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
        .filter((el) => el.offsetParent !== null)
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
        .map((el) => el.outerHTML.slice(0, 120)))
    assert.deepEqual(unnamed, [], 'unlabelled controls')
  }

  /** Writes a file for an upload into the world's temporary folder; answers its path. */
  const file = (name, content) => {
    const path = join(getWorld().temp, name)
    writeFileSync(path, content)
    return path
  }

  return { signIn, open, shot, assertAccessible, assertLabelled, file }
}
