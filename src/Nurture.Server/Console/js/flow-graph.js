// The shape of a flow definition (the JSON of GET/PUT /api/flows/{id}) as a graph: step types, the
// ports each has (where a run goes next), edges, and a layered layout for the designer.
import { conditionWords } from './conditions.js'
import { leadOf } from './flow-settings.js'

/** Step types with their label, their ports, and what a new step of the type starts with. */
export const STEP_TYPES = {
  send_email: { label: 'Send email', ports: ['next'], make: () => ({ template: '' }) },
  choose_email: { label: 'Choose email', ports: ['next'], make: () => ({ candidates: [{ template: '', category: 'product' }] }) },
  wait: { label: 'Wait', ports: ['next'], make: () => ({ duration: '1d' }) },
  wait_until: { label: 'Wait until', ports: ['next'], make: () => ({ at: '09:00' }) },
  wait_for_event: { label: 'Wait for event', ports: ['next', 'timeoutNext'], make: () => ({ event: { type: 'page_view', path: '/pricing*' }, timeout: '3d' }) },
  branch: { label: 'Branch', ports: ['then', 'else'], make: () => ({ condition: { lead: { all: [{ all: [] }] } } }) },
  set_trait: { label: 'Set trait', ports: ['next'], make: () => ({ trait: 'nurture', value: 'warm' }) },
  notify_sales: { label: 'Notify sales', ports: ['next'], make: () => ({}) },
  end: { label: 'End', ports: [], make: () => ({}) },
}

export const PORT_LABELS = { next: 'next', then: 'yes', else: 'no', timeoutNext: 'timeout' }

export const portsOf = (step) => STEP_TYPES[step.type]?.ports || ['next']

/** Every edge: {from, port, to}, including ones to steps that do not exist (the server names those). */
export const edgesOf = (flow) => (flow.steps || []).flatMap((s) => portsOf(s).filter((p) => s[p]).map((p) => ({ from: s.id, port: p, to: s[p] })))

/** A new flow's definition: a manual trigger and one end step, valid as it is. */
export const blankFlow = (name) => ({ name, trigger: { manual: true }, reentry: 'never', start: 'done', steps: [{ id: 'done', type: 'end' }] })

/** A step id not used yet: "send_email-2". */
export function newStepId(flow, type) {
  const ids = new Set((flow.steps || []).map((s) => s.id))
  for (let n = 1; ; n++) {
    const id = `${type.replace(/_/g, '-')}-${n}`
    if (!ids.has(id)) return id
  }
}

/** One short line about what a step does, for its box in the graph. */
export function summary(step) {
  switch (step.type) {
    case 'send_email': return step.template ? `template ${step.template}` : 'no template chosen'
    case 'choose_email': return `${(step.candidates || []).length} candidates`
    case 'wait': return `for ${step.duration || '?'}`
    case 'wait_until': return `until ${step.at || '?'}${step.weekdays ? ' on ' + step.weekdays.join(', ') : ''}`
    case 'wait_for_event': return `for ${step.event?.type || 'an event'}${step.event?.path ? ' ' + step.event.path : ''}, at most ${step.timeout || '?'}`
    case 'branch': return `if ${conditionWords(leadOf(step.condition))}`
    case 'set_trait': return `${step.trait || '?'} = ${step.value ?? '?'}`
    case 'notify_sales': return step.note ? `alert sales: ${step.note}` : 'alert sales'
    case 'end': return 'the run ends'
    default: return step.type
  }
}

/**
 * Layers by distance from the start step (breadth first), in order of discovery within a layer;
 * steps the start cannot reach go in a last layer. → Map id → {depth, order}
 */
export function layout(flow) {
  const steps = new Map((flow.steps || []).map((s) => [s.id, s]))
  const place = new Map()
  const widths = []
  const put = (id, depth) => {
    widths[depth] = (widths[depth] || 0) + 1
    place.set(id, { depth, order: widths[depth] - 1 })
  }
  const queue = steps.has(flow.start) ? [[flow.start, 0]] : []
  if (queue.length) put(flow.start, 0)
  while (queue.length) {
    const [id, depth] = queue.shift()
    for (const p of portsOf(steps.get(id))) {
      const to = steps.get(id)[p]
      if (to && steps.has(to) && !place.has(to)) {
        put(to, depth + 1)
        queue.push([to, depth + 1])
      }
    }
  }
  const last = widths.length
  for (const id of steps.keys()) if (!place.has(id)) put(id, last)
  return place
}

/** Renames a step and every reference to it (ports and the start). */
export function renameStep(flow, from, to) {
  for (const s of flow.steps) {
    if (s.id === from) s.id = to
    for (const p of ['next', 'then', 'else', 'timeoutNext']) if (s[p] === from) s[p] = to
  }
  if (flow.start === from) flow.start = to
}

/** Removes a step and clears the ports that pointed at it. */
export function removeStep(flow, id) {
  flow.steps = flow.steps.filter((s) => s.id !== id)
  for (const s of flow.steps) for (const p of ['next', 'then', 'else', 'timeoutNext']) if (s[p] === id) delete s[p]
  if (flow.start === id) flow.start = flow.steps[0]?.id
}
