// The flow designer's controls for what is not a step: the trigger, re-entry and the goal, and a branch
// step's condition, all from the controls segments use (conditions.js). Each writes the API's JSON into
// the flow and calls onChange; none asks the marketer for JSON.
import { h, field, nextId, replace } from './dom.js'
import { conditionBuilder, eventControls, STAGES } from './conditions.js'

const select = (options, value, props = {}) => h('select', props, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)))

/** Which kind of trigger a flow has, by the one key it sets. */
const triggerKind = (trigger = {}) => ['event', 'stage', 'score', 'segment'].find((k) => trigger[k] !== undefined) || 'manual'

/** "Starts when …": the kind, then its own controls. */
export function triggerControls(flow, { segments, templates, categories, onChange }) {
  const body = h('div', { class: 'trigger-controls' })
  const kind = select([
    ['manual', 'only when someone adds the lead (lead page or API)'], ['event', 'the lead does something'],
    ['stage', 'the lead reaches a stage'], ['score', 'a score reaches a number'], ['segment', 'the lead joins a segment'],
  ], triggerKind(flow.trigger), { onchange: (e) => { flow.trigger = defaults(e.target.value); render(); onChange() } })
  const wrapper = field('Starts when', kind)
  wrapper.append(body)

  function defaults(k) {
    if (k === 'event') return { event: { type: 'page_view' } }
    if (k === 'stage') return { stage: 'mql' }
    if (k === 'score') return { score: { atLeast: 50 } }
    if (k === 'segment') return { segment: segments[0]?.id ?? '' }
    return { manual: true }
  }

  function render() {
    const t = flow.trigger || {}
    const k = triggerKind(t)
    if (k === 'event') {
      replace(body, eventControls({ match: t.event, templates, label: 'When the lead', onChange: (m) => { flow.trigger = { event: m }; onChange() } }))
    } else if (k === 'stage') {
      replace(body, h('label', { class: 'inline-label' }, 'Stage ', select(STAGES.map((s) => [s, s]), t.stage, { onchange: (e) => { flow.trigger = { stage: e.target.value }; onChange() } })))
    } else if (k === 'score') {
      const score = t.score || {}
      const write = (patch) => { flow.trigger = { score: { ...flow.trigger.score, ...patch } }; if (!flow.trigger.score.category) delete flow.trigger.score.category; onChange() }
      replace(body, h('span', { class: 'condition-row' },
        select([['', 'The engagement score'], ...categories.map((c) => [c, `Interest in ${c}`])], score.category || '', { 'aria-label': 'Which score', onchange: (e) => write({ category: e.target.value || undefined }) }),
        h('span', {}, 'reaches'),
        h('input', { type: 'number', step: 'any', class: 'narrow', 'aria-label': 'Points', value: score.atLeast ?? '', oninput: (e) => write({ atLeast: e.target.value === '' ? undefined : Number(e.target.value) }) })))
    } else if (k === 'segment') {
      replace(body, segments.length
        ? h('label', { class: 'inline-label' }, 'Segment ', select(segments.map((s) => [s.id, s.name]), t.segment, { onchange: (e) => { flow.trigger = { segment: e.target.value }; onChange() } }))
        : h('p', { class: 'hint' }, 'No segments yet: make one under Segments first.'))
    } else replace(body)
  }
  render()
  return wrapper
}

/** "Can a lead go through again?": never, or after a time. */
export function reentryControls(flow, onChange) {
  const after = typeof flow.reentry === 'object' && flow.reentry ? flow.reentry.after : ''
  const duration = h('input', { type: 'text', size: 8, value: after, 'aria-label': 'Again after', placeholder: '30d', hidden: !after,
    oninput: (e) => { flow.reentry = { after: e.target.value.trim() }; onChange() } })
  const kind = select([['never', 'once only'], ['after', 'again, after']], after ? 'after' : 'never', {
    onchange: (e) => {
      const again = e.target.value === 'after'
      duration.hidden = !again
      flow.reentry = again ? { after: duration.value.trim() || '30d' } : 'never'
      if (again && !duration.value) duration.value = '30d'
      onChange()
    },
  })
  const wrapper = field('A lead goes through', kind, 'A time such as 30d, 2w or 12h')
  kind.after(duration)
  return wrapper
}

/** The older single tests of a condition as the builder's groups, so an old flow opens in controls. */
export function leadOf(condition = {}) {
  if (condition.lead) return condition.lead
  const tests = []
  const list = (v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])
  if (condition.stage !== undefined) tests.push({ any: list(condition.stage).map((s) => ({ field: 'stage', op: 'is', value: s })) })
  if (condition.grade !== undefined) tests.push({ any: list(condition.grade).map((g) => ({ field: 'grade', op: 'is', value: g })) })
  if (condition.trait) tests.push({ trait: condition.trait, op: 'is', value: condition.equals })
  if (condition.channel) tests.push({ field: 'first_channel', op: 'is', value: condition.channel })
  if (condition.interest) tests.push({ interest: condition.interest, atLeast: condition.atLeast })
  if (condition.openedLastEmail !== undefined) tests.push({ lastEmail: condition.openedLastEmail ? 'opened' : 'not_opened' })
  if (condition.clickedLastEmail !== undefined) tests.push({ lastEmail: condition.clickedLastEmail ? 'clicked' : 'not_clicked' })
  // One old test per group: "all of these groups", each group "any of" its values.
  return tests.length ? { all: tests.map((t) => (t.any ? t : { all: [t] })) } : null
}

/** A branch step's condition, or the flow's goal: the condition builder over the lead (flows' tests included). */
export function conditionControls(doc, key, root, { segments, templates, categories, form, onChange }) {
  const builder = conditionBuilder({
    conditions: leadOf(doc[key]), segments, templates, categories, flow: true, root: `${root}.lead`,
    onChange: (lead) => { doc[key] = { lead }; onChange() },
  })
  form.adopt(builder.fields())
  return builder.element
}

/** The goal: none, the lead matching conditions, or the lead doing something. */
export function goalControls(flow, context) {
  const { templates, onChange } = context
  const kindOf = (goal) => (!goal ? 'none' : goal.event ? 'event' : 'lead')
  const body = h('div', {})
  const id = nextId('goal')
  const kind = select([['none', 'no goal: every run goes to its end'], ['lead', 'the lead matches conditions'], ['event', 'the lead does something']], kindOf(flow.goal), {
    id, onchange: (e) => {
      flow.goal = e.target.value === 'none' ? undefined : e.target.value === 'event' ? { event: { type: 'form_submit' } } : { lead: { all: [{ all: [{ field: 'stage', op: 'is', value: 'hot' }] }] } }
      render()
      onChange()
    },
  })
  const wrapper = field('The run ends early (goal) when', kind, 'A lead that reaches the goal leaves the flow at once, wherever it is.')
  wrapper.append(body)
  function render() {
    const k = kindOf(flow.goal)
    if (k === 'event') replace(body, eventControls({ match: flow.goal.event, templates, label: 'When the lead', onChange: (m) => { flow.goal = { event: m }; onChange() } }))
    else if (k === 'lead') replace(body, conditionControls(flow, 'goal', '$.goal', context))
    else replace(body)
  }
  render()
  return wrapper
}
