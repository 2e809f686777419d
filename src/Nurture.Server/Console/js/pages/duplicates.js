// Duplicate candidates side by side: pick, field by field, which value survives, and merge.
import { api, query, ApiError } from '../api.js'
import { h, field, select, replace, toast } from '../dom.js'
import * as format from '../format.js'
import { ancestors, pathLabel, pathString } from '../json-path.js'

export async function render(main, ctx) {
  const minScore = ctx.query.get('minScore') || '0.7'
  const threshold = select([['0.9', 'Very likely (90%+)'], ['0.7', 'Likely (70%+)'], ['0.5', 'Possible (50%+)']], minScore)
  threshold.addEventListener('change', () => ctx.navigate('#/duplicates' + query({ minScore: threshold.value })))
  const list = h('ol', { class: 'pairs', 'aria-label': 'Duplicate candidates' })
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Duplicates'), field('Show pairs that are', threshold)), list)
  const found = await api('/api/duplicates' + query({ minScore, limit: 50 }), { signal: ctx.signal })
  list.before(h('p', { class: 'count' }, `${format.number(found.total)} pair${found.total === 1 ? '' : 's'} among ${format.number(found.leadsCompared)} leads.`))
  if (!found.pairs.length) return list.append(h('li', { class: 'empty' }, 'No duplicate candidates.'))
  found.pairs.forEach((pair, i) => list.append(pairCard(pair, i, ctx)))
}

const label = (lead) => lead.name || lead.email || lead.id.slice(0, 8)

function pairCard(pair, index, ctx) {
  const { first, second } = pair
  const leads = [first, second]
  const name = `pair-${index}`
  const traitNames = [...new Set([...Object.keys(first.traits), ...Object.keys(second.traits)])].filter((t) => t !== 'email').sort()
  // The survivor keeps its id; by default the one more engaged.
  const survivorDefault = second.engagement > first.engagement ? second.id : first.id
  const choices = new Map() // trait → the lead id whose value wins
  // The rows the merge's errors can name: $.survivor, and $.rules.fields.<trait> for a chosen value.
  const rowsByKey = new Map()
  const cardError = h('p', { class: 'form-error', role: 'alert', hidden: true })

  const radio = (group, value, checked, text, onChange) => {
    const id = `${group}-${value}`
    const input = h('input', { type: 'radio', name: group, value, id, checked, onchange: onChange })
    return h('span', { class: 'choice' }, input, ' ', h('label', { for: id }, text))
  }
  const row = (title, values, choose) => {
    const differs = choose && values[0] && values[1] && values[0] !== values[1]
    // What is shown checked is what is sent: the survivor's value until another is picked.
    if (differs) choices.set(title, survivorDefault)
    const tr = rowOf(title, values, choose)
    if (choose) rowsByKey.set(pathString(['rules', 'fields', title]), tr)
    return tr
  }
  /** Each error on the row it names (under the row's heading), the rest above the buttons; null clears. */
  const showErrors = (error) => {
    for (const old of card.querySelectorAll('.row-error')) old.remove()
    const rest = []
    for (const e of error?.errors || []) {
      const tr = ancestors(e.key).map((k) => rowsByKey.get(k)).find(Boolean)
      if (tr) tr.querySelector('th').append(h('span', { class: 'field-error row-error', role: 'alert' }, e.reason))
      else rest.push(e.key === '$' ? e.reason : `${pathLabel(e.key)}: ${e.reason}`)
    }
    if (error && !error.errors.length) rest.push(error.message)
    cardError.textContent = rest.join(' · ')
    cardError.hidden = !rest.length
  }
  const rowOf = (title, values, choose) => h('tr', {},
    h('th', { scope: 'row' }, title),
    values.map((v, i) => h('td', { class: choose && values[0] !== values[1] ? 'differs' : '' },
      choose && values[0] && values[1] && values[0] !== values[1]
        ? radio(`${name}-${title}`, leads[i].id, i === leads.findIndex((l) => l.id === survivorDefault), v, () => choices.set(title, leads[i].id))
        : v || '—')))

  const survivorRow = h('tr', {}, h('th', { scope: 'row' }, 'Keep as the record'),
    leads.map((l) => h('td', {}, radio(`${name}-survivor`, l.id, l.id === survivorDefault, 'survivor', () => {}))))
  rowsByKey.set('$.survivor', survivorRow)
  const heading = h('h2', {}, `${label(first)} and ${label(second)}`, h('span', { class: 'score' }, ` ${Math.round(pair.score * 100)}% alike`))
  const card = h('li', { class: 'card pair' },
    heading,
    h('p', { class: 'sub' }, 'Why: ', pair.reasons.join(', ')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'compact side-by-side' },
      h('thead', {}, h('tr', {}, h('td', {}), leads.map((l) => h('th', { scope: 'col' }, h('a', { href: '#/leads/' + l.id }, label(l)))))),
      h('tbody', {},
        survivorRow,
        row('email', leads.map((l) => l.email), false),
        traitNames.map((t) => row(t, leads.map((l) => l.traits[t]), true)),
        row('stage', leads.map((l) => `${l.stage} (${format.number(l.engagement, 1)})`), false),
        row('first source', leads.map((l) => [l.firstChannel, l.firstSource].filter(Boolean).join(' · ')), false),
        row('last seen', leads.map((l) => format.when(l.lastSeen)), false)))),
    cardError,
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'primary',
        onclick: async (e) => {
          const survivor = card.querySelector(`input[name="${name}-survivor"]:checked`).value
          const fields = Object.fromEntries([...choices].map(([t, id]) => [t, { choose: id }]))
          const button = e.currentTarget // the event's currentTarget is gone once it has been handled
          button.disabled = true
          showErrors(null)
          try {
            const result = await api('/api/leads/merge', { method: 'POST', json: { leads: [first.id, second.id], survivor, rules: { fields } }, signal: ctx.signal })
            toast(`Merged into ${label(survivor === first.id ? first : second)}.`)
            replace(card, heading, h('p', { role: 'status' }, 'Merged. ', h('a', { href: '#/leads/' + (result.survivor || survivor) }, 'Open the merged lead')))
          } catch (err) {
            if (err.name === 'AbortError') return
            if (err instanceof ApiError) showErrors(err)
            else toast(String(err), 'error')
            button.disabled = false
          }
        },
      }, 'Merge these two'),
      h('button', { type: 'button', onclick: () => card.remove() }, 'Not duplicates: hide')))
  return card
}
