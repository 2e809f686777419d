// Segments: the list with their sizes, and a new one started by name (the builder is on its own page).
import { api } from '../api.js'
import { h, field } from '../dom.js'
import * as format from '../format.js'

/** A segment id from its name: lower-case letters, digits and -, as the API takes ids. */
export const slug = (name) =>
  name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'segment-' + Date.now().toString(36)

export async function render(main, ctx) {
  const segments = await api('/api/segments', { signal: ctx.signal })
  const name = field('Name', h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off', placeholder: 'Repeat pricing visitors' }))
  const form = h('form', { class: 'inline-form', novalidate: true }, name, h('button', { type: 'submit', class: 'primary' }, 'Create and build'))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const text = name.control.value.trim()
    if (!text) {
      name.error.hidden = false
      name.error.textContent = 'give the segment a name'
      name.control.focus()
      return
    }
    let id = slug(text)
    while (segments.some((s) => s.id === id)) id = `${id}-2`
    ctx.navigate(`#/segments/${id}?name=${encodeURIComponent(text)}`)
  })
  main.append(
    h('h1', {}, 'Segments'),
    h('p', { class: 'lede' }, 'A segment is a group of leads that match your conditions, kept current as they act. Use it to filter the lead list, or to start a flow when a lead joins it.'),
    segments.length
      ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Segment', 'Leads', 'Counted', 'Changed', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, segments.map((s) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: '#/segments/' + s.id }, s.name)),
            h('td', { class: 'num' }, format.number(s.memberCount)),
            h('td', {}, s.refreshedAt ? format.ago(s.refreshedAt) : h('span', { class: 'muted' }, 'not yet')),
            h('td', {}, format.day(s.updatedAt)),
            h('td', {}, h('a', { href: `#/leads?segment=${encodeURIComponent(s.id)}` }, 'Show leads')))))))
      : h('p', { class: 'empty' }, 'No segments yet: name the first one below.'),
    h('section', { class: 'card', 'aria-labelledby': 'new-segment-h' }, h('h2', { id: 'new-segment-h' }, 'New segment'), form))
}
