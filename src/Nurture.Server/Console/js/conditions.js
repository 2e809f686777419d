// The condition builder segments and flows share: groups of tests where all or any must hold, each test
// made of plain controls ("Visited a page" "/pricing*" "at least" 2 "times in the last" 14 "days"). It
// reads and writes the JSON the API's LeadConditionParser takes (docs/segments.md); nobody types it.
import { h, nextId, replace } from './dom.js'
import { CHANNELS } from './rule-words.js'

export const STAGES = ['anonymous', 'known', 'engaged', 'mql', 'hot']
export const GRADES = ['A', 'B', 'C', 'D']
const CONSENTS = ['granted', 'denied', 'unknown']

/** Lead fields by what a marketer calls them; the choices a field's value is picked from, when it has a fixed set. */
const FIELDS = [
  ['stage', 'Stage', STAGES], ['grade', 'Grade', GRADES], ['owner', 'Owner (rep id)'], ['consent', 'Email consent', CONSENTS],
  ['email', 'Email'], ['name', 'Name'], ['company', 'Company'], ['phone', 'Phone'],
  ['first_source', 'First source'], ['first_campaign', 'First campaign'], ['first_channel', 'First channel', CHANNELS],
  ['last_source', 'Latest source'], ['last_campaign', 'Latest campaign'], ['last_channel', 'Latest channel', CHANNELS],
]

const TEXT_OPS = [['is', 'is'], ['is_not', 'is not'], ['contains', 'contains'], ['starts_with', 'starts with'], ['is_set', 'has any value'], ['is_not_set', 'is empty']]
const CHOICE_OPS = TEXT_OPS.filter(([op]) => op === 'is' || op === 'is_not')

/** Behaviour tests: the event type, and which narrowing controls it offers. */
const ACTIVITIES = {
  visited: { label: 'Visited a page', type: 'page_view', path: true },
  submitted: { label: 'Submitted a form', type: 'form_submit', name: 'Form (its id or name, empty for any)' },
  opened: { label: 'Opened an email', type: 'email_open', template: true },
  clicked: { label: 'Clicked a link in an email', type: 'email_click', template: true, link: true },
  clicked_page: { label: 'Clicked on a page', type: 'click', path: true },
  custom: { label: 'Did a custom event', type: 'custom', name: 'Event name', props: true },
}

/** Every kind of test, in the order the "What" menu offers them; flows add the run's last email. */
const KINDS = [
  ['field', 'A lead field'], ['trait', 'A trait'], ['score', 'A score'], ['interest', 'Interest in a topic'], ['segment', 'Segment membership'],
  ...Object.entries(ACTIVITIES).map(([k, a]) => [k, a.label]),
]
const FLOW_KINDS = [['last_email', 'The flow\'s last email']]
const LAST_EMAIL = [['opened', 'was opened'], ['clicked', 'was clicked'], ['not_opened', 'was not opened'], ['not_clicked', 'was not clicked']]

const select = (label, options, value, props = {}) =>
  h('select', { 'aria-label': label, ...props }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)))
const input = (label, value, props = {}) => h('input', { type: 'text', 'aria-label': label, value: value ?? '', autocomplete: 'off', ...props })
const number = (label, value, props = {}) => h('input', { type: 'number', 'aria-label': label, value: value ?? '', inputmode: 'numeric', ...props })

/** The test's JSON as the UI's row model, or null when the UI cannot show it (then "advanced" is the way). */
function rowOf(test) {
  if (test.field) return { kind: 'field', field: test.field, op: test.op, value: test.value }
  if (test.trait) return { kind: 'trait', trait: test.trait, op: test.op, value: test.value }
  if (test.score) return { kind: 'score', score: test.score, atLeast: test.atLeast !== undefined, value: test.atLeast ?? test.below }
  if (test.segment) return { kind: 'segment', segment: test.segment, member: test.member !== false }
  if (test.interest) return { kind: 'interest', category: test.interest, value: test.atLeast }
  if (test.lastEmail) return { kind: 'last_email', lastEmail: test.lastEmail }
  if (test.did) {
    const kind = Object.entries(ACTIVITIES).find(([, a]) => a.type === test.did)?.[0]
    if (!kind) return null
    const props = Object.entries(test.props || {})
    return { kind, path: test.path, name: test.name, template: test.template, link: test.link, prop: props[0], never: !!test.never, atLeast: test.atLeast ?? 1, withinDays: test.withinDays ?? 30 }
  }
  return null
}

/** A row model as the API's JSON. */
export function testOf(row) {
  switch (row.kind) {
    case 'field':
    case 'trait': {
      // Blanks go as null, so the API says "is required" at the control rather than a length.
      const test = { [row.kind]: (row.kind === 'field' ? row.field : row.trait) || null, op: row.op }
      if (!['is_set', 'is_not_set'].includes(row.op)) test.value = row.value?.trim() ? row.value : null
      return test
    }
    case 'score':
      return { score: row.score, [row.atLeast ? 'atLeast' : 'below']: row.value === '' || row.value === undefined ? null : Number(row.value) }
    case 'segment':
      return { segment: row.segment || null, member: row.member }
    case 'interest':
      return { interest: row.category || null, atLeast: row.value === '' || row.value === undefined ? null : Number(row.value) }
    case 'last_email':
      return { lastEmail: row.lastEmail }
    default: {
      const activity = ACTIVITIES[row.kind]
      const test = { did: activity.type }
      if (activity.path && row.path) test.path = row.path
      if (activity.name && row.name) test.name = row.name
      if (activity.template && row.template) test.template = row.template
      if (activity.link && row.link) test.link = row.link
      if (activity.props && row.prop?.[0]) test.props = { [row.prop[0]]: row.prop[1] ?? '' }
      if (row.never) test.never = true
      else test.atLeast = Number(row.atLeast) || 1
      test.withinDays = Number(row.withinDays) || 30
      return test
    }
  }
}

/**
 * The builder's model from saved conditions: { any, groups: [{ any, rows }] }, or null when they are nested
 * deeper than the builder shows. Missing conditions give one empty group.
 */
export function modelOf(conditions) {
  if (!conditions) return { any: false, groups: [{ any: false, rows: [] }] }
  const [mode, items] = conditions.all ? ['all', conditions.all] : conditions.any ? ['any', conditions.any] : [null, null]
  if (!mode) return rowOf(conditions) ? { any: false, groups: [{ any: false, rows: [rowOf(conditions)] }] } : null
  const isGroup = (c) => c.all || c.any
  // A flat group (one level of tests) is one group of rows.
  if (!items.some(isGroup)) {
    const rows = items.map(rowOf)
    return rows.every(Boolean) ? { any: false, groups: [{ any: mode === 'any', rows }] } : null
  }
  const groups = items.map((item) => {
    const inner = item.all || item.any
    const rows = inner ? inner.map(rowOf) : [rowOf(item)]
    return !rows.every(Boolean) || (inner && inner.some(isGroup)) ? null : { any: !!item.any, rows }
  })
  return groups.every(Boolean) ? { any: mode === 'any', groups } : null
}

/** The model as the API's JSON: always two levels, so an error's path names its group and row. */
export const conditionsOf = (model) => ({
  [model.any ? 'any' : 'all']: model.groups.map((g) => ({ [g.any ? 'any' : 'all']: g.rows.map(testOf) })),
})

/**
 * The builder. options: conditions (saved JSON), segments [{id, name}], templates [{id, name}], categories
 * (the scoring model's interest categories), onChange; for a flow, flow: true. Answers { element,
 * value() → the JSON, fields() → { '$.conditions.all[0].any[1]': wrapper } for showProblem }.
 */
export function conditionBuilder({ conditions, segments = [], templates = [], categories = [], flow = false, exclude, onChange = () => {}, root = '$.conditions' }) {
  const kinds = flow ? [...KINDS, ...FLOW_KINDS] : KINDS
  const model = modelOf(conditions) || { any: false, groups: [{ any: false, rows: [] }] }
  const element = h('div', { class: 'conditions' })
  let fields = {}
  const changed = () => onChange(conditionsOf(model))

  function render() {
    fields = {}
    const topMode = select('Groups combine', [['all', 'all of these groups'], ['any', 'any of these groups']], model.any ? 'any' : 'all', {
      onchange: (e) => { model.any = e.target.value === 'any'; render(); changed() },
    })
    replace(element,
      model.groups.length > 1 ? h('p', { class: 'conditions-top' }, 'Leads that match ', topMode) : null,
      model.groups.map((group, g) => [g > 0 ? h('p', { class: 'joiner', 'aria-hidden': 'true' }, model.any ? 'or' : 'and') : null, groupElement(group, g)]),
      h('button', { type: 'button', onclick: () => { model.groups.push({ any: false, rows: [{ kind: 'field', field: 'stage', op: 'is', value: 'mql' }] }); render(); changed(); focusLast('.condition-group') } },
        model.groups.length > 1 ? 'Add another group' : 'Add a group (for "or" between groups)'))
  }

  function groupElement(group, g) {
    const path = `${root}.${model.any ? 'any' : 'all'}[${g}]`
    const heading = nextId('group')
    const mode = select(`Group ${g + 1}: tests combine`, [['all', 'all of'], ['any', 'any of']], group.any ? 'any' : 'all', {
      onchange: (e) => { group.any = e.target.value === 'any'; render(); changed() },
    })
    const joiner = group.any ? 'or' : 'and'
    return h('fieldset', { class: 'condition-group', 'aria-labelledby': heading },
      h('legend', { id: heading }, model.groups.length > 1 ? `Group ${g + 1}: ` : 'Leads that match ', mode, ' these'),
      group.rows.length ? null : h('p', { class: 'muted' }, 'No tests yet: every lead matches.'),
      group.rows.map((row, r) => [r > 0 ? h('p', { class: 'joiner', 'aria-hidden': 'true' }, joiner) : null, rowElement(group, row, r, `${path}.${group.any ? 'any' : 'all'}[${r}]`)]),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => { group.rows.push({ kind: 'visited', path: '', atLeast: 1, withinDays: 30 }); render(); changed(); focusLast('.condition-row select') } }, 'Add a test'),
        model.groups.length > 1 ? h('button', { type: 'button', class: 'link danger', onclick: () => { model.groups.splice(g, 1); render(); changed() } }, `Remove group ${g + 1}`) : null))
  }

  function rowElement(group, row, r, path) {
    const error = h('p', { class: 'field-error', id: nextId('cond-error'), hidden: true })
    const update = (patch) => { Object.assign(row, patch); changed() }
    const rerender = (patch) => { Object.assign(row, patch); render(); changed() }
    const what = select(`Test ${r + 1}: what`, kinds, row.kind, {
      onchange: (e) => rerender(defaults(e.target.value)),
      'aria-describedby': error.id,
    })
    const controls = h('span', { class: 'condition-controls' }, controlsOf(row, update, rerender))
    const remove = h('button', { type: 'button', class: 'link danger', 'aria-label': `Remove test ${r + 1}`, onclick: () => { group.rows.splice(r, 1); render(); changed() } }, 'Remove')
    const wrapper = h('div', { class: 'condition-row' }, what, controls, remove, error)
    wrapper.control = what
    wrapper.error = error
    fields[path] = wrapper
    return wrapper
  }

  function defaults(kind) {
    const base = { kind, field: undefined, trait: undefined, op: undefined, value: undefined, segment: undefined, path: undefined, name: undefined, template: undefined, link: undefined, prop: undefined, never: false, atLeast: 1, withinDays: 30 }
    if (kind === 'field') return { ...base, field: 'stage', op: 'is', value: 'mql' }
    if (kind === 'trait') return { ...base, trait: '', op: 'is', value: '' }
    if (kind === 'score') return { ...base, score: 'engagement', atLeast: true, value: 50 }
    if (kind === 'segment') return { ...base, segment: segments.find((s) => s.id !== exclude)?.id || '', member: true }
    if (kind === 'interest') return { ...base, category: categories[0] || '', value: 5 }
    if (kind === 'last_email') return { ...base, lastEmail: 'opened' }
    return base
  }

  function controlsOf(row, update, rerender) {
    switch (row.kind) {
      case 'field': {
        const spec = FIELDS.find(([f]) => f === row.field) || FIELDS[0]
        const ops = spec[2] ? CHOICE_OPS : TEXT_OPS
        const value = spec[2]
          ? select('Value', spec[2].map((v) => [v, v]), row.value, { onchange: (e) => update({ value: e.target.value }) })
          : input('Value', row.value, { oninput: (e) => update({ value: e.target.value }), hidden: ['is_set', 'is_not_set'].includes(row.op) })
        return [
          select('Field', FIELDS.map(([f, label]) => [f, label]), row.field, { onchange: (e) => rerender({ field: e.target.value, value: FIELDS.find(([f]) => f === e.target.value)[2]?.[0] ?? '', op: 'is' }) }),
          select('Comparison', ops, row.op, { onchange: (e) => rerender({ op: e.target.value }) }),
          value,
        ]
      }
      case 'trait':
        return [
          input('Trait name', row.trait, { placeholder: 'industry', pattern: '[a-z][a-z0-9_]*', size: 14, oninput: (e) => update({ trait: e.target.value.trim() }) }),
          select('Comparison', TEXT_OPS, row.op, { onchange: (e) => rerender({ op: e.target.value }) }),
          input('Value', row.value, { oninput: (e) => update({ value: e.target.value }), hidden: ['is_set', 'is_not_set'].includes(row.op) }),
        ]
      case 'score':
        return [
          select('Score', [['engagement', 'Engagement score'], ['fit', 'Fit score']], row.score, { onchange: (e) => update({ score: e.target.value }) }),
          select('Comparison', [['atLeast', 'is at least'], ['below', 'is below']], row.atLeast ? 'atLeast' : 'below', { onchange: (e) => update({ atLeast: e.target.value === 'atLeast' }) }),
          number('Points', row.value, { step: 'any', oninput: (e) => update({ value: e.target.value }) }),
        ]
      case 'segment':
        return [
          select('Membership', [['in', 'is in'], ['out', 'is not in']], row.member ? 'in' : 'out', { onchange: (e) => update({ member: e.target.value === 'in' }) }),
          segments.length
            ? select('Segment', segments.filter((s) => s.id !== exclude).map((s) => [s.id, s.name]), row.segment, { onchange: (e) => update({ segment: e.target.value }) })
            : h('span', { class: 'muted' }, 'no other segments yet'),
        ]
      case 'interest':
        return [
          categories.length
            ? select('Topic', categories.map((c) => [c, c]), row.category, { onchange: (e) => update({ category: e.target.value }) })
            : input('Topic', row.category, { placeholder: 'pricing', size: 12, oninput: (e) => update({ category: e.target.value.trim() }) }),
          h('span', {}, 'is at least'),
          number('Points', row.value, { step: 'any', class: 'narrow', oninput: (e) => update({ value: e.target.value }) }),
        ]
      case 'last_email':
        return [select('What happened to it', LAST_EMAIL, row.lastEmail, { onchange: (e) => update({ lastEmail: e.target.value }) })]
      default:
        return activityControls(row, update, rerender)
    }
  }

  function activityControls(row, update, rerender) {
    const activity = ACTIVITIES[row.kind]
    const parts = []
    if (activity.path) parts.push(input('Page path', row.path, { placeholder: '/pricing*', size: 16, oninput: (e) => update({ path: e.target.value.trim() || undefined }) }))
    if (activity.name) parts.push(input(activity.name, row.name, { placeholder: activity.type === 'form_submit' ? 'contact' : 'webinar_signup', size: 14, oninput: (e) => update({ name: e.target.value.trim() || undefined }) }))
    if (activity.template) {
      parts.push(select('Which email', [['', 'any email'], ...templates.map((t) => [t.id, t.name || t.id])], row.template || '', { onchange: (e) => update({ template: e.target.value || undefined }) }))
    }
    if (activity.link) parts.push(input('Link address', row.link, { placeholder: '*/demo*', size: 14, oninput: (e) => update({ link: e.target.value.trim() || undefined }) }))
    if (activity.props) {
      parts.push(input('Property name', row.prop?.[0], { placeholder: 'plan', size: 10, oninput: (e) => update({ prop: [e.target.value.trim(), row.prop?.[1] ?? ''] }) }),
        input('Property value', row.prop?.[1], { placeholder: 'pro', size: 10, oninput: (e) => update({ prop: [row.prop?.[0] ?? '', e.target.value] }) }))
    }
    parts.push(select('How often', [['atLeast', 'at least'], ['never', 'never']], row.never ? 'never' : 'atLeast', { onchange: (e) => rerender({ never: e.target.value === 'never' }) }))
    if (!row.never) parts.push(number('Times', row.atLeast, { min: 1, max: 1000000, class: 'narrow', oninput: (e) => update({ atLeast: e.target.value }) }), h('span', {}, row.atLeast == 1 ? 'time' : 'times'))
    parts.push(h('span', {}, 'in the last'), number('Days', row.withinDays, { min: 1, max: 3650, class: 'narrow', oninput: (e) => update({ withinDays: e.target.value }) }), h('span', {}, 'days'))
    return parts
  }

  function focusLast(selector) {
    const all = element.querySelectorAll(selector)
    const last = all[all.length - 1]
    ;(last?.matches('select, input') ? last : last?.querySelector('select, input'))?.focus()
  }

  render()
  return { element, value: () => conditionsOf(model), fields: () => fields }
}

/** The event types a trigger, a wait or a goal can wait for, as a marketer says them. */
const EVENT_KINDS = [
  ['page_view', 'Visits a page', { path: true }], ['form_submit', 'Submits a form', { name: 'Form (id or name, empty for any)' }],
  ['email_open', 'Opens an email', { template: true }], ['email_click', 'Clicks a link in an email', { template: true }],
  ['click', 'Clicks on a page', { path: true }], ['identify', 'Tells us who they are (identify)', {}],
  ['custom', 'Does a custom event', { name: 'Event name' }],
]

/**
 * Controls for one event to wait for (a flow's trigger, a wait-for-event step, a goal): the kind, and the
 * page, form, event name or email it must be. Writes the API's match ({type, path, name, props}) through onChange.
 */
export function eventControls({ match = {}, templates = [], label = 'The lead', onChange }) {
  const element = h('div', { class: 'condition-row event-controls' })
  const state = { type: match.type || 'page_view', path: match.path, name: match.name, template: match.props?.template_id }
  const emit = () => {
    const spec = EVENT_KINDS.find(([t]) => t === state.type)?.[2] || {}
    const out = { type: state.type }
    if (spec.path && state.path) out.path = state.path
    if (spec.name && state.name) out.name = state.name
    if (spec.template && state.template) out.props = { template_id: state.template }
    onChange(out)
  }
  function render() {
    const spec = EVENT_KINDS.find(([t]) => t === state.type)?.[2] || {}
    replace(element,
      h('span', {}, label),
      select('What the lead does', EVENT_KINDS.map(([t, text]) => [t, text.toLowerCase()]), state.type, { onchange: (e) => { state.type = e.target.value; render(); emit() } }),
      spec.path ? input('Page path', state.path, { placeholder: '/pricing* (empty for any page)', size: 22, oninput: (e) => { state.path = e.target.value.trim() || undefined; emit() } }) : null,
      spec.name ? input(spec.name, state.name, { size: 16, oninput: (e) => { state.name = e.target.value.trim() || undefined; emit() } }) : null,
      spec.template ? select('Which email', [['', 'any email'], ...templates.map((t) => [t.id, t.name || t.id])], state.template || '', { onchange: (e) => { state.template = e.target.value || undefined; emit() } }) : null)
  }
  render()
  return element
}

/** A condition in a few words, for a step's box in the flow graph: "visited /pricing* at least 2 times in 14 days". */
export function conditionWords(conditions) {
  const model = modelOf(conditions)
  if (!model) return 'a condition written as JSON'
  const groups = model.groups.filter((g) => g.rows.length)
  if (!groups.length) return 'always'
  const group = (g) => g.rows.map(testWords).join(g.any ? ' or ' : ' and ')
  return groups.length === 1 ? group(groups[0]) : groups.map((g) => `(${group(g)})`).join(model.any ? ' or ' : ' and ')
}

function testWords(row) {
  const op = (o) => TEXT_OPS.find(([k]) => k === o)?.[1] || o
  const compare = (name, o, v) => (['is_set', 'is_not_set'].includes(o) ? `${name} ${op(o)}` : `${name} ${op(o)} "${v ?? ''}"`)
  switch (row.kind) {
    case 'field': return compare((FIELDS.find(([f]) => f === row.field)?.[1] || row.field).toLowerCase(), row.op, row.value)
    case 'trait': return compare(row.trait || 'a trait', row.op, row.value)
    case 'score': return `${row.score} score ${row.atLeast ? 'at least' : 'below'} ${row.value}`
    case 'segment': return `${row.member ? 'in' : 'not in'} segment ${row.segment}`
    case 'interest': return `interest in ${row.category} at least ${row.value}`
    case 'last_email': return `the last email ${LAST_EMAIL.find(([k]) => k === row.lastEmail)?.[1] || row.lastEmail}`
    default: {
      const activity = ACTIVITIES[row.kind]
      const what = [row.path, row.name, row.template && `email ${row.template}`, row.link].filter(Boolean).join(' ')
      const often = row.never ? 'never' : `at least ${row.atLeast} time${row.atLeast == 1 ? '' : 's'}`
      return `${activity.label.toLowerCase()}${what ? ' ' + what : ''} ${often} in ${row.withinDays} days`
    }
  }
}
