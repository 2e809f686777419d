// Websites that send events: the list, and a new site (name and the origins its pages are served from).
import { api, ApiError } from '../api.js'
import { h, field } from '../dom.js'
import { showProblem } from '../errors.js'
import * as format from '../format.js'

/** Origins typed one per line (or separated by commas or spaces), as the API takes them. */
export const lines = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)

export async function render(main, ctx) {
  const sites = await api('/api/sites', { signal: ctx.signal })
  const name = field('Name', h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' }))
  const origins = field('Where its pages are', h('textarea', { name: 'origins', rows: 3, spellcheck: false, placeholder: 'https://www.example.com' }),
    'One origin per line (scheme and host, such as https://www.example.com). Events from other origins are refused; leave empty to accept any while you set up.')
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const form = h('form', { class: 'stack', novalidate: true }, name, origins, summary, h('button', { type: 'submit', class: 'primary' }, 'Create site'))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const site = await api('/api/sites', { method: 'POST', json: { name: name.control.value.trim(), allowedOrigins: lines(origins.control.value) } })
      ctx.navigate('#/sites/' + site.id)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, { '$.name': name, '$.allowedOrigins': origins }, summary)
    }
  })
  main.append(
    h('h1', {}, 'Sites'),
    h('p', { class: 'lede' }, 'Each website gets a key and a snippet to paste into its pages. Open a site to copy its snippet and check that events arrive.'),
    sites.length
      ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Site', 'Key', 'Allowed origins', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, sites.map((s) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: '#/sites/' + s.id }, s.name)),
            h('td', {}, h('code', {}, s.siteKey)),
            h('td', {}, s.allowedOrigins.length ? s.allowedOrigins.join(', ') : h('span', { class: 'muted' }, 'any')),
            h('td', {}, format.day(s.createdAt)))))))
      : h('p', { class: 'empty' }, 'No sites yet: create the first one below.'),
    h('section', { class: 'card', 'aria-labelledby': 'new-site-h' }, h('h2', { id: 'new-site-h' }, 'New site'), form))
}
