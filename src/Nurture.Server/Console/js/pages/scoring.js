// The scoring model editor: stages, grades, categories, behaviour and fit rules as forms over the
// model's JSON (the whole JSON is editable too), the server's errors shown beside the field they name,
// and a preview of how many existing leads would change stage before anything is saved.
import { api, ApiError } from '../api.js'
import { h, field, replace, toast } from '../dom.js'
import * as format from '../format.js'
import { hbarChart } from '../charts.js'
import { DocumentForm } from '../model-form.js'
import { matchWords, capWords, fitWords, fitTestOf, MATCH_TYPES, CHANNELS, FIT_TESTS } from '../rule-words.js'
import { ancestors, pathLabel } from '../json-path.js'

const STAGES = ['engaged', 'mql', 'hot']

/** The rules unfolded for editing, so a redraw (a rule added, a test changed) keeps them open. */
const OPEN = new WeakSet()

/** A rule folded to its words; unfolded, its controls. */
function ruleDetails(rule, words, ...content) {
  const details = h('details', { class: 'rule', open: OPEN.has(rule) || undefined }, h('summary', {}, words), ...content)
  details.addEventListener('toggle', () => (details.open ? OPEN.add(rule) : OPEN.delete(rule)))
  return details
}

export async function render(main, ctx) {
  const current = await api('/api/scoring/model', { signal: ctx.signal })
  let model = structuredClone(current.model)
  let version = current.version

  const form = new DocumentForm(model, () => {
    if (document.activeElement !== jsonText) jsonText.value = JSON.stringify(model, null, 2)
    status.textContent = 'Unsaved changes.'
  })
  const status = h('p', { class: 'save-status', 'aria-live': 'polite' }, `Version ${version}, saved.`)
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: -1, hidden: true })
  const sections = h('div', { class: 'model-sections' })
  const jsonText = h('textarea', { class: 'code', rows: 18, spellcheck: false, id: 'model-json', 'aria-describedby': 'model-json-error' }, JSON.stringify(model, null, 2))
  const jsonError = h('p', { class: 'field-error', id: 'model-json-error', hidden: true })
  const previewBox = h('section', { class: 'card preview', 'aria-labelledby': 'preview-h', hidden: true })
  const previewButton = h('button', { type: 'button' }, 'Preview effect on leads')
  const saveButton = h('button', { type: 'button', class: 'primary' }, 'Save as new version')

  jsonText.addEventListener('input', () => {
    try {
      model = JSON.parse(jsonText.value)
      jsonError.hidden = true
      form.reset(model)
      renderSections()
      status.textContent = 'Unsaved changes.'
    } catch (e) {
      jsonError.hidden = false
      jsonError.textContent = 'Not valid JSON yet: ' + e.message
    }
  })

  function renderSections() {
    replace(sections, stagesSection(form, model), gradesSection(form), categoriesSection(form, model), rulesSection(form, model, structural), fitSection(form, model, structural))
  }
  // Adding or removing a rule changes the shape: redraw the forms and the JSON.
  function structural() {
    form.reset(model)
    renderSections()
    jsonText.value = JSON.stringify(model, null, 2)
    status.textContent = 'Unsaved changes.'
  }

  function showErrors(errors) {
    const { unplaced } = form.showErrors(errors)
    jsonError.hidden = unplaced.length === 0
    jsonError.textContent = unplaced.map((e) => `${pathLabel(e.key)}: ${e.reason}`).join('\n')
    replace(summary,
      h('h2', {}, `The model has ${errors.length} problem${errors.length > 1 ? 's' : ''}`),
      h('ul', {}, errors.map((e) => {
        const control = ancestors(e.key).map((p) => form.control(p)).find(Boolean)
        return h('li', {}, h('a', {
          href: '#', onclick: (ev) => { ev.preventDefault(); (control || jsonText).focus() },
        }, pathLabel(e.key)), ': ', e.reason)
      })))
    summary.hidden = false
    summary.focus()
  }
  const clearErrors = () => {
    form.showErrors([])
    summary.hidden = true
    jsonError.hidden = true
  }

  previewButton.addEventListener('click', async () => {
    previewButton.disabled = true
    replace(previewBox, h('h2', { id: 'preview-h' }, 'Effect on existing leads'), h('p', {}, 'Replaying a sample of leads through this model…'))
    previewBox.hidden = false
    try {
      const result = await api('/api/scoring/model/preview', { method: 'POST', json: model, signal: ctx.signal })
      clearErrors()
      replace(previewBox, h('h2', { id: 'preview-h' }, 'Effect on existing leads'), previewView(result))
    } catch (e) {
      previewBox.hidden = true
      if (e instanceof ApiError && e.status === 400) showErrors(e.errors)
      else toast(e.summary || String(e), 'error')
    } finally {
      previewButton.disabled = false
    }
  })

  saveButton.addEventListener('click', async () => {
    saveButton.disabled = true
    try {
      const saved = await api('/api/scoring/model', { method: 'PUT', json: model, signal: ctx.signal })
      version = saved.version
      clearErrors()
      status.textContent = `Saved as version ${version}. New events are scored with it within seconds; re-score to apply it to past behaviour.`
      toast(`Scoring model version ${version} saved.`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        showErrors(e.errors)
        status.textContent = 'Not saved: fix the problems shown.'
      } else toast(e.summary || String(e), 'error')
    } finally {
      saveButton.disabled = false
    }
  })

  renderSections()
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Scoring model'), h('div', { class: 'actions' }, previewButton, saveButton)),
    status, summary, previewBox, sections,
    h('section', { class: 'card', 'aria-labelledby': 'json-h' },
      h('h2', { id: 'json-h' }, 'The whole model as JSON'),
      h('p', { class: 'hint' }, 'Edits here and in the forms above are the same document (GET/PUT /api/scoring/model).'),
      h('label', { for: 'model-json', class: 'sr-only' }, 'Model JSON'), jsonText, jsonError))
}

function stagesSection(form, model) {
  return h('section', { class: 'card', 'aria-labelledby': 'stages-h' },
    h('h2', { id: 'stages-h' }, 'Stages'),
    h('p', { class: 'hint' }, 'A lead enters a stage when engagement reaches "enter" (and fit "min fit"), and leaves only below "leave".'),
    h('div', { class: 'stage-grid' }, STAGES.filter((s) => model.stages?.[s]).map((s) => h('fieldset', {},
      h('legend', {}, s),
      form.number(['stages', s, 'enter'], 'Enter at'),
      form.number(['stages', s, 'leave'], 'Leave below'),
      form.number(['stages', s, 'minFit'], 'Min fit')))))
}

function gradesSection(form) {
  return h('section', { class: 'card', 'aria-labelledby': 'grades-h' },
    h('h2', { id: 'grades-h' }, 'Fit grades'),
    h('fieldset', { class: 'inline' }, h('legend', {}, 'Fit needed for each grade'),
      ['a', 'b', 'c'].map((g) => form.number(['fit', 'grades', g], g.toUpperCase()))))
}

function categoriesSection(form, model) {
  return h('section', { class: 'card', 'aria-labelledby': 'categories-h' },
    h('h2', { id: 'categories-h' }, 'Interest categories'),
    h('p', { class: 'hint' }, 'Each category’s interest halves after its half-life.'),
    h('div', { class: 'inline-fields' }, Object.keys(model.categories || {}).map((c) => form.number(['categories', c, 'halfLifeDays'], `${c}: half-life (days)`))))
}

function rulesSection(form, model, structural) {
  const categories = Object.keys(model.categories || {})
  const rules = model.rules || []
  return h('section', { class: 'card wide', 'aria-labelledby': 'rules-h' },
    h('h2', { id: 'rules-h' }, 'Behaviour rules'),
    h('p', { class: 'hint' }, 'Each rule gives points to a category when an event matches it; open a rule to change it. Paths and hosts are patterns: * stands for anything, so */pricing* matches /pricing and /en/pricing/teams.'),
    h('ol', { class: 'rule-list' }, rules.map((rule, i) => {
      const words = h('span', { class: 'rule-words' })
      const say = () => { words.textContent = `${rule.points ?? 0} points to ${rule.category || '…'} for ${matchWords(rule.match)}; ${capWords(rule.cap)}.` }
      say()
      const at = (...parts) => ['rules', i, ...parts]
      const li = h('li', {}, ruleDetails(rule, words,
        h('div', { class: 'rule-fields' },
          form.text(at('id'), 'Id'),
          form.choice(at('category'), 'Category', categories.includes(rule.category) || !rule.category ? ['', ...categories] : ['', ...categories, rule.category]),
          form.number(at('points'), 'Points')),
        h('fieldset', { class: 'rule-fields' }, h('legend', {}, 'Matches'),
          form.choice(at('match', 'type'), 'Event', [['', 'any event'], ...MATCH_TYPES.map((t) => [t, t.replace('_', ' ')])]),
          form.text(at('match', 'path'), 'Page path', { placeholder: '*/pricing*' }),
          form.text(at('match', 'host'), 'Host', { placeholder: 'www.example.com' }),
          form.text(at('match', 'name'), 'Event name (forms, custom events)'),
          form.choice(at('match', 'channel'), 'Channel', [['', 'any channel'], ...CHANNELS]),
          form.text(at('match', 'utmCampaign'), 'UTM campaign'),
          form.pairs(at('match', 'props'), 'Props (name=value, one per line)')),
        h('fieldset', { class: 'rule-fields' }, h('legend', {}, 'Counts at most'),
          form.number(at('cap', 'perDay'), 'Times a day', { step: 1, min: 1 }),
          form.number(at('cap', 'perLead'), 'Times per lead', { step: 1, min: 1 }),
          form.checkbox(at('cap', 'oncePerSession'), 'Once per visit')),
        h('button', { type: 'button', class: 'link danger', onclick: () => { rules.splice(i, 1); structural() } }, `Remove rule ${rule.id || i + 1}`)))
      li.addEventListener('input', say)
      return li
    })),
    h('button', {
      type: 'button',
      onclick: () => {
        model.rules = rules
        const rule = { id: `rule-${rules.length + 1}`, category: categories[0], points: 1, match: { type: 'page_view', path: '*/' } }
        rules.push(rule)
        OPEN.add(rule)
        structural()
      },
    }, 'Add a rule'))
}

function fitSection(form, model, structural) {
  model.fit ??= {}
  const rules = (model.fit.rules ??= [])
  return h('section', { class: 'card wide', 'aria-labelledby': 'fit-h' },
    h('h2', { id: 'fit-h' }, 'Fit rules'),
    h('p', { class: 'hint' }, 'Who the lead is: points for a trait that holds a value, or for where their email is.'),
    h('ol', { class: 'rule-list' }, rules.map((rule, i) => {
      const test = fitTestOf(rule)
      const words = h('span', { class: 'rule-words' }, fitWords(rule))
      const at = (...parts) => ['fit', 'rules', i, ...parts]
      const kind = h('select', {}, FIT_TESTS.map(([k, label]) => h('option', { value: k, selected: k === test }, label)))
      kind.addEventListener('change', () => {
        const value = rule[test]
        for (const [k] of FIT_TESTS) delete rule[k]
        if (kind.value === 'emailDomain') { delete rule.trait; rule.emailDomain = 'corporate' } else rule[kind.value] = kind.value === 'in' ? [].concat(value ?? []) : ['atLeast', 'below'].includes(kind.value) ? Number(value) || 0 : Array.isArray(value) ? value[0] : value ?? ''
        structural()
      })
      const valueField = test === 'emailDomain' ? form.choice(at('emailDomain'), 'Domain', [['corporate', 'a company domain'], ['free', 'a free mail service']])
        : test === 'in' ? form.list(at('in'), 'Values (one per line)')
        : ['atLeast', 'below'].includes(test) ? form.number(at(test), 'Number')
        : form.text(at(test), 'Value')
      const li = h('li', {}, ruleDetails(rule, words,
        h('div', { class: 'rule-fields' },
          form.text(at('id'), 'Id'),
          test === 'emailDomain' ? null : form.text(at('trait'), 'Trait', { placeholder: 'job_title' }),
          field('Test', kind),
          valueField,
          form.number(at('points'), 'Points')),
        h('button', { type: 'button', class: 'link danger', onclick: () => { rules.splice(i, 1); structural() } }, `Remove fit rule ${rule.id || i + 1}`)))
      li.addEventListener('input', () => { words.textContent = fitWords(rule) })
      return li
    })),
    h('button', {
      type: 'button',
      onclick: () => {
        const rule = { id: `fit-${rules.length + 1}`, trait: 'job_title', equals: '', points: 5 }
        rules.push(rule)
        OPEN.add(rule)
        structural()
      },
    }, 'Add a fit rule'))
}

function previewView(r) {
  const scale = r.estimate ? ` (a sample of ${format.number(r.sampled)} of ${format.number(r.totalLeads)} leads; about ${format.number((r.changed * r.totalLeads) / Math.max(1, r.sampled))} in all)` : ` (all ${format.number(r.sampled)} leads)`
  const stages = Object.keys(r.stagesNow).filter((s) => r.stagesNow[s] || r.stagesCandidate[s])
  return h('div', {},
    h('p', { class: 'preview-headline' }, h('strong', {}, `${format.number(r.changed)} lead${r.changed === 1 ? '' : 's'} would change stage`), `: ${r.up} up, ${r.down} down${scale}.`),
    r.moves.length ? h('table', { class: 'compact' }, h('caption', {}, 'Stage moves'),
      h('thead', {}, h('tr', {}, ['From', 'To', 'Leads'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.moves.map((m) => h('tr', {}, h('td', {}, m.from), h('td', {}, m.to), h('td', { class: 'num' }, format.number(m.count)))))) : null,
    hbarChart({
      label: 'Sampled leads per stage: now, and with this model',
      items: stages.flatMap((s) => [{ label: `${s} now`, value: r.stagesNow[s], series: 0 }, { label: `${s} new`, value: r.stagesCandidate[s], series: 1 }]),
    }),
    r.examples.length ? h('div', {}, h('h3', {}, 'Examples'), h('ul', {}, r.examples.map((e) => h('li', {},
      h('a', { href: '#/leads/' + e.leadId }, e.email || e.leadId),
      `: ${e.from} → ${e.to} (engagement ${format.number(e.engagementNow, 1)} → ${format.number(e.engagementCandidate, 1)})`)))) : null,
    h('p', { class: 'hint' }, 'Each sampled lead’s whole history is replayed through this model, as re-scoring would; nothing is saved.'))
}
