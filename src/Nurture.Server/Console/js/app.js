// Boots the console: who is signed in, the menu their role allows, and hash routing to the pages.
import { api, session, ApiError } from './api.js'
import { h, replace, toast } from './dom.js'
import { PAGES, canOpen, homePage, SALES } from './roles.js'

/** Route patterns → the page module and the page id whose roles guard it. */
const ROUTES = [
  { pattern: /^signin$/, module: './pages/signin.js', page: null },
  { pattern: /^dashboard$/, module: './pages/dashboard.js', page: 'dashboard' },
  { pattern: /^leads$/, module: './pages/leads.js', page: 'leads' },
  { pattern: /^leads\/([0-9a-f-]{36})$/i, module: './pages/lead.js', page: 'lead', params: ['id'] },
  { pattern: /^inbox$/, module: './pages/inbox.js', page: 'inbox' },
  { pattern: /^reps$/, module: './pages/reps.js', page: 'reps' },
  { pattern: /^reps\/([A-Za-z0-9_-]{1,64})$/, module: './pages/rep.js', page: 'reps', params: ['id'] },
  { pattern: /^routing$/, module: './pages/routing.js', page: 'reps' },
  { pattern: /^alerts$/, module: './pages/alerts.js', page: 'alerts' },
  { pattern: /^scoring$/, module: './pages/scoring.js', page: 'scoring' },
  { pattern: /^models$/, module: './pages/models.js', page: 'models' },
  { pattern: /^flows$/, module: './pages/flows.js', page: 'flows' },
  { pattern: /^flows\/([a-z0-9][a-z0-9_-]{0,63})$/, module: './pages/flow-designer.js', page: 'flows', params: ['id'] },
  { pattern: /^segments$/, module: './pages/segments.js', page: 'segments' },
  { pattern: /^segments\/([a-z0-9][a-z0-9_-]{0,99})$/, module: './pages/segment.js', page: 'segments', params: ['id'] },
  { pattern: /^templates$/, module: './pages/templates.js', page: 'templates' },
  { pattern: /^templates\/([a-z0-9][a-z0-9_-]{0,99})$/, module: './pages/template-editor.js', page: 'templates', params: ['id'] },
  { pattern: /^sources$/, module: './pages/sources.js', page: 'sources' },
  { pattern: /^attribution$/, module: './pages/attribution.js', page: 'attribution' },
  { pattern: /^email-performance$/, module: './pages/email-performance.js', page: 'email-performance' },
  { pattern: /^imports$/, module: './pages/imports.js', page: 'imports' },
  { pattern: /^duplicates$/, module: './pages/duplicates.js', page: 'duplicates' },
  { pattern: /^sites$/, module: './pages/sites.js', page: 'sites' },
  { pattern: /^sites\/([0-9a-f-]{36})$/i, module: './pages/site.js', page: 'sites', params: ['id'] },
  { pattern: /^users$/, module: './pages/users.js', page: 'users' },
  { pattern: /^keys$/, module: './pages/keys.js', page: 'keys' },
  { pattern: /^account$/, module: './pages/account.js', page: 'account' },
]

const main = document.getElementById('main')
let me = null // GET /api/auth/me of the signed-in user
/** Where the browser was going when it had to sign in first (session storage: this tab only). */
const AFTER_SIGN_IN = 'nurture.after-sign-in'
let current = null // the AbortController of the page on screen

/** The signed-in caller; null when nobody is (or the session ended). */
async function loadMe() {
  if (!session.get()) return null
  try {
    return await api('/api/auth/me')
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

function renderChrome() {
  const nav = document.getElementById('nav')
  const who = document.getElementById('who')
  const toggle = document.getElementById('nav-toggle')
  if (!me) {
    replace(nav)
    replace(who)
    toggle.hidden = true
    return
  }
  const pages = PAGES.filter((p) => p.roles.includes(me.role))
  const link = (p) => h('a', { href: '#/' + p.id, dataset: { page: p.id } }, p.label)
  // A group of two or more pages is a menu button (the disclosure pattern); a lone page is a plain link.
  const items = []
  for (const p of pages) {
    const members = p.group ? pages.filter((q) => q.group === p.group) : [p]
    if (members[0] !== p) continue
    if (members.length === 1) {
      items.push(h('li', {}, link(p)))
      continue
    }
    const list = h('ul', { class: 'nav-menu', id: 'nav-' + p.group.toLowerCase().replace(/\W+/g, '-'), hidden: true }, members.map((q) => h('li', {}, link(q))))
    const button = h('button', { type: 'button', class: 'nav-group', 'aria-expanded': 'false', 'aria-controls': list.id, dataset: { group: p.group } }, p.group)
    button.addEventListener('click', () => openGroup(button.getAttribute('aria-expanded') === 'true' ? null : button))
    items.push(h('li', { class: 'nav-group-item' }, button, list))
  }
  replace(nav, h('ul', {}, items))
  const name = me.user?.displayName || me.user?.email || me.actor
  replace(who,
    h('span', { class: 'who-name' }, name, ' ', h('span', { class: 'role-badge' }, me.role)),
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'))
  toggle.hidden = false
}

/** Opens one group's menu (null: closes them all). */
function openGroup(button) {
  for (const b of document.querySelectorAll('#nav .nav-group')) {
    const open = b === button
    b.setAttribute('aria-expanded', String(open))
    document.getElementById(b.getAttribute('aria-controls')).hidden = !open
  }
}

// A menu closes on Escape (focus back on its button) and on a click anywhere else.
document.addEventListener('keydown', (e) => {
  const open = document.querySelector('#nav .nav-group[aria-expanded="true"]')
  if (e.key !== 'Escape' || !open) return
  openGroup(null)
  open.focus()
})
document.addEventListener('click', (e) => {
  if (!e.target.closest?.('.nav-group-item')) openGroup(null)
})

async function signOut() {
  try {
    await api('/api/auth/sign-out', { method: 'POST' })
  } catch {
    // Signing out of an expired session fails; forgetting it here is what matters.
  }
  session.clear()
  me = null
  renderChrome()
  location.hash = '#/signin'
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '')
  const [path, search = ''] = raw.split('?')
  return { path: decodeURIComponent(path), query: new URLSearchParams(search) }
}

async function route() {
  current?.abort()
  const controller = new AbortController()
  current = controller
  const { path, query } = parseHash()

  if (!me && path !== 'signin') {
    me = await loadMe().catch(() => null)
    renderChrome()
    if (!me) {
      // A link from an alert email opens the lead after signing in, not the home page.
      sessionStorage.setItem(AFTER_SIGN_IN, location.hash)
      location.replace('#/signin')
      return
    }
  }
  if (path === '' || (path === 'signin' && me)) {
    location.replace('#/' + homePage(me.role))
    return
  }
  const found = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m)
  markNav(found?.r.page)
  if (!found) return showMessage('Not found', 'There is no such page.')
  const { r, m } = found
  // The lead page is open to sales for their own leads (the API says which); every other page by role.
  if (r.page && r.page !== 'lead' && !canOpen(me.role, r.page)) {
    return showMessage('Not available', `The ${me.role} role cannot open this page.`)
  }
  // aria-busy while the page loads; data-route says which address the content on screen belongs to.
  main.setAttribute('aria-busy', 'true')
  const params = Object.fromEntries((r.params || []).map((name, i) => [name, m[i + 1]]))
  const context = {
    me, params, query, signal: controller.signal,
    navigate: (hash) => (location.hash = hash),
    /** Renders the page on screen again (after a save that changed what it shows). */
    reload: () => route(),
    signedIn: async () => {
      me = await loadMe()
      renderChrome()
      const back = sessionStorage.getItem(AFTER_SIGN_IN)
      sessionStorage.removeItem(AFTER_SIGN_IN)
      // Only a console address, never the sign-in page itself.
      location.hash = back && /^#\/(?!signin)[\w-]/.test(back) ? back : '#/' + homePage(me.role)
    },
  }
  try {
    const page = await import(r.module)
    if (controller.signal.aborted) return
    main.replaceChildren()
    await page.render(main, context)
    if (!controller.signal.aborted) {
      done()
      focusHeading()
    }
  } catch (e) {
    if (e.name === 'AbortError' || controller.signal.aborted) return
    if (e instanceof ApiError && e.status === 404) return showMessage('Not found', e.message)
    if (e instanceof ApiError && e.status === 403) return showMessage('Not available', 'Your role may not see this.')
    console.error(e)
    showMessage('Something went wrong', e instanceof ApiError ? e.summary : String(e.message || e))
  }
}

function markNav(pageId) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === pageId || (pageId === 'lead' && a.dataset.page === (me?.role === SALES ? 'inbox' : 'leads')))
      a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  // The group holding the page on screen is marked too, so the top bar says where you are.
  for (const b of document.querySelectorAll('#nav .nav-group'))
    b.classList.toggle('current', !!document.getElementById(b.getAttribute('aria-controls')).querySelector('[aria-current="page"]'))
  openGroup(null)
  document.getElementById('nav').classList.remove('open')
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false')
}

/** After navigation, focus moves to the page's heading, so keyboard and screen-reader users start there. */
function focusHeading() {
  const heading = main.querySelector('h1')
  if (heading) document.title = `${heading.textContent} · Nurture`
  // A page that put focus somewhere itself (the sign-in form's first field) keeps it.
  if (main.contains(document.activeElement) && document.activeElement !== main) return
  if (heading) {
    heading.tabIndex = -1
    heading.focus({ preventScroll: true })
    document.title = `${heading.textContent} · Nurture`
  }
}

function showMessage(title, text) {
  replace(main, h('h1', {}, title), h('p', {}, text))
  done()
  focusHeading()
}

function done() {
  main.removeAttribute('aria-busy')
  main.dataset.route = location.hash
}

document.getElementById('nav-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('nav')
  const open = nav.classList.toggle('open')
  e.currentTarget.setAttribute('aria-expanded', String(open))
})
window.addEventListener('hashchange', route)
window.addEventListener('nurture:signed-out', () => {
  if (!me) return
  me = null
  renderChrome()
  toast('Your session ended; please sign in again.', 'warn')
  location.hash = '#/signin'
})
route()
