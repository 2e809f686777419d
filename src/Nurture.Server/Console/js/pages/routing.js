// Routing: the assignment rules as an ordered list (each on or off, moved up and down by button or with
// Alt+Arrow keys; admins save the order), and "who would get this lead?": a real lead, found by name or
// email, run through the rules as shown (saved or not) without assigning anything.
import { api, query, ApiError } from '../api.js'
import { h, field, replace, toast } from '../dom.js'
import { showProblem } from '../errors.js'
import { can } from '../roles.js'
import * as format from '../format.js'
import { repsNav } from '../rep-words.js'

const OUTCOMES = {
  chose: ['Chose', 'status-active'],
  none: ['Chose nobody', 'status-idle'],
  narrowed: ['Narrowed', 'status-paused'],
  kept: ['Kept everyone', 'status-idle'],
  off: ['Off', 'status-idle'],
  skipped: ['Not tried', 'status-idle'],
}

export async function render(main, ctx) {
  const stored = await api('/api/routing/rules', { signal: ctx.signal })
  const editable = can(ctx.me.role, 'routingEdit')
  let saved = stored.rules.map((r) => ({ ...r }))
  let rules = saved.map((r) => ({ ...r }))
  const dirty = () => JSON.stringify(rules.map((r) => [r.kind, r.enabled])) !== JSON.stringify(saved.map((r) => [r.kind, r.enabled]))

  const list = h('ol', { class: 'rule-order', 'aria-describedby': 'rules-help' })
  const announce = h('p', { class: 'sr-only', 'aria-live': 'polite' })
  const saveStatus = h('p', { class: 'save-status', 'aria-live': 'polite' })
  const summary = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const saveButton = h('button', { type: 'button', class: 'primary', onclick: saveOrder }, 'Save order')
  const undoButton = h('button', { type: 'button', onclick: () => { rules = saved.map((r) => ({ ...r })); draw(); announce.textContent = 'Changes undone.' } }, 'Undo changes')

  main.append(
    h('h1', {}, 'Routing'),
    repsNav(h, '#/routing'),
    h('p', { class: 'lede' }, 'Who gets a hot lead. The rules are tried from the top; the first that chooses a rep decides, and when none does the lead waits in the fallback queue. ',
      'A rep who is inactive, out of office or at capacity gets no new leads (', h('a', { href: '#/reps' }, 'Reps'), ').'),
    h('section', { class: 'card', 'aria-labelledby': 'rules-h' },
      h('h2', { id: 'rules-h' }, 'Assignment rules'),
      h('p', { class: 'hint', id: 'rules-help' }, editable
        ? 'Move a rule with its buttons, or focus a rule\'s button and press Alt+↑ or Alt+↓. Untick a rule to skip it. Nothing changes until you save.'
        : 'Only admins change the rules.'),
      list, announce, summary,
      editable ? h('div', { class: 'actions' }, saveButton, undoButton) : null,
      saveStatus),
    tester())
  draw()
  showSaved(stored)

  function showSaved(view) {
    saveStatus.textContent = view.updatedAt
      ? `Saved by ${view.updatedBy.replace(/^user:/, '')} on ${format.when(view.updatedAt)}.`
      : 'The default order: nobody has changed it yet.'
  }

  function draw(focus) {
    replace(list, rules.map((rule, i) => {
      const on = h('input', { type: 'checkbox', checked: rule.enabled, disabled: !editable, id: `rule-on-${rule.kind}` })
      on.addEventListener('change', () => {
        rule.enabled = on.checked
        markDirty()
      })
      const up = h('button', { type: 'button', class: 'move', disabled: !editable || i === 0, 'aria-label': `Move “${rule.label}” up`, dataset: { move: 'up' } }, '↑ Up')
      const down = h('button', { type: 'button', class: 'move', disabled: !editable || i === rules.length - 1, 'aria-label': `Move “${rule.label}” down`, dataset: { move: 'down' } }, '↓ Down')
      up.addEventListener('click', () => move(i, -1, 'up'))
      down.addEventListener('click', () => move(i, 1, 'down'))
      const item = h('li', { class: 'rule-item' + (rule.enabled ? '' : ' off'), dataset: { kind: rule.kind } },
        h('span', { class: 'rule-position', 'aria-hidden': 'true' }, String(i + 1)),
        h('div', { class: 'rule-text' },
          h('span', { class: 'checkbox-field' }, h('label', { for: on.id }, h('strong', {}, rule.label)), on),
          h('p', { class: 'hint' }, rule.description)),
        h('div', { class: 'rule-moves' }, up, down))
      item.addEventListener('keydown', (e) => {
        if (!editable || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
        e.preventDefault()
        move(i, e.key === 'ArrowUp' ? -1 : 1, e.target.dataset?.move || (e.key === 'ArrowUp' ? 'up' : 'down'))
      })
      return item
    }))
    if (focus) {
      const item = list.querySelector(`[data-kind="${focus.kind}"]`)
      const button = item.querySelector(`button[data-move="${focus.button}"]`)
      // At the top or bottom that button is disabled: keep focus on the rule through its other one.
      ;(button && !button.disabled ? button : item.querySelector('button.move:not(:disabled)'))?.focus()
    }
    markDirty()
  }

  function move(index, by, button) {
    const to = index + by
    if (to < 0 || to >= rules.length) return
    const [rule] = rules.splice(index, 1)
    rules.splice(to, 0, rule)
    draw({ kind: rule.kind, button })
    announce.textContent = `“${rule.label}” moved to position ${to + 1} of ${rules.length}.`
  }

  function markDirty() {
    const changed = dirty()
    saveButton.disabled = !changed
    undoButton.disabled = !changed
    list.classList.toggle('changed', changed)
    if (changed) saveStatus.textContent = 'Unsaved changes: the tester below already uses this order.'
  }

  async function saveOrder() {
    saveButton.disabled = true
    try {
      const view = await api('/api/routing/rules', { method: 'PUT', json: { rules: rules.map((r) => ({ kind: r.kind, enabled: r.enabled })) } })
      saved = view.rules.map((r) => ({ ...r }))
      rules = saved.map((r) => ({ ...r }))
      showProblem(null, {}, summary)
      draw()
      showSaved(view)
      toast('The routing order is saved: new hot leads follow it.')
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      showProblem(error, {}, summary)
      markDirty()
    }
  }

  /** "Who would get this lead?": search, pick, see the answer rule by rule. */
  function tester() {
    const search = field('Find a lead', h('input', { type: 'search', placeholder: 'Name, email or company', autocomplete: 'off' }))
    const searchSummary = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const found = h('div', { class: 'lead-picks', 'aria-live': 'polite' })
    const result = h('div', { class: 'test-result', 'aria-live': 'polite' })
    let current = null // the lead on test
    const form = h('form', { class: 'filter-main', role: 'search', 'aria-label': 'Lead search for the tester' },
      search, h('button', { type: 'submit', class: 'primary' }, 'Search'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      const q = search.control.value.trim()
      if (!q) return
      replace(found, h('p', { class: 'loading' }, 'Searching…'))
      try {
        const leads = await findLeads(q)
        showProblem(null, { q: search }, searchSummary)
        if (!leads.length) return replace(found, h('p', { class: 'empty' }, 'No lead matches. New leads take a few seconds to be searchable by name; an exact email finds them at once.'))
        replace(found, h('p', { class: 'count' }, `${leads.length} lead${leads.length === 1 ? '' : 's'}: choose one to test.`),
          h('ul', { class: 'pick-list' }, leads.map((lead) => h('li', {},
            h('button', { type: 'button', class: 'pick', onclick: () => run(lead) },
              h('strong', {}, format.leadName(lead)), h('span', { class: 'sub' }, [lead.email, lead.company].filter(Boolean).join(' · ')))))))
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        replace(found)
        showProblem(error, { q: search }, searchSummary)
      }
    })

    async function run(lead) {
      current = lead
      again.hidden = false
      replace(result, h('p', { class: 'loading' }, 'Asking the rules…'))
      try {
        const answer = await api('/api/routing/test', {
          method: 'POST', json: { leadId: lead.id, ...(dirty() ? { rules: rules.map((r) => ({ kind: r.kind, enabled: r.enabled })) } : {}) },
        })
        replace(result, answerView(answer))
        result.querySelector('h3')?.focus()
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        replace(result, h('p', { class: 'form-error', role: 'alert' }, error.summary))
      }
    }

    const again = h('button', { type: 'button', hidden: true, onclick: () => current && run(current) }, 'Test this lead again')
    return h('section', { class: 'card', 'aria-labelledby': 'tester-h' },
      h('h2', { id: 'tester-h' }, 'Who would get this lead?'),
      h('p', { class: 'hint' }, 'Runs a real lead through the rules as they stand above, saved or not, and the reps as they are now. Nothing is assigned and nobody is alerted.'),
      form, searchSummary, found, result, h('div', { class: 'actions' }, again))
  }

  /** Leads by exact email at once (the lead index), else by name, email or company (the lead list). */
  async function findLeads(q) {
    if (/^[^\s@]+@[^\s@]+$/.test(q)) {
      try {
        const lead = await api('/api/leads' + query({ email: q }))
        return [{ id: lead.id, email: lead.emails?.[0], name: lead.traits?.name?.value, company: lead.traits?.company?.value }]
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e
      }
    }
    const page = await api('/api/leads' + query({ q, limit: 10 }))
    return page.leads
  }
}

function answerView(answer) {
  const lead = answer.lead
  const where = [['Country', lead.country], ['Region', lead.region], ['Industry', lead.industry], ['Company size', lead.companySize], ['Owner', lead.owner]]
  const headline = answer.rep
    ? [h('strong', {}, answer.rep.name), ` would get this lead (${answer.reason}).`]
    : [h('strong', {}, 'Nobody'), ': no rule chose a rep, so the lead would wait in the fallback queue.']
  return h('div', {},
    h('h3', { tabindex: -1 }, 'Answer for ', format.leadName(lead)),
    h('p', { class: 'test-headline' }, headline),
    h('p', { class: 'note' }, answer.savedOrder ? 'With the saved order. ' : 'With the order above, not saved yet. ', `Tested ${format.when(answer.at)}; nothing was assigned.`),
    h('dl', { class: 'facts' }, where.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')])),
    h('h4', {}, 'Rule by rule'),
    h('ol', { class: 'test-steps' }, answer.steps.map((s) => {
      const [word, css] = OUTCOMES[s.outcome] || [s.outcome, 'status-idle']
      return h('li', { class: 'test-step outcome-' + s.outcome },
        h('span', { class: 'test-step-head' }, h('strong', {}, s.label), ' ', h('span', { class: 'status ' + css }, word)),
        h('span', { class: 'sub' }, s.detail))
    })),
    h('h4', {}, 'The reps now'),
    h('ul', { class: 'test-reps' }, answer.reps.map((r) => h('li', {},
      h('strong', {}, r.name), ' ', h('span', { class: 'status ' + (r.available ? 'status-active' : 'status-paused') }, r.available ? 'Available' : 'Not available'),
      h('span', { class: 'sub' }, r.status)))))
}
