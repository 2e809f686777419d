// A flow's numbers beside its steps: a count badge per step for the designer, and the funnel of runs per step
// with how they left (goal, completed, exited), how many wait there, what was dropped, and the median time to goal.
// Both read GET /api/flows/{id}/stats.
import { h } from './dom.js'
import * as format from './format.js'
import { hbarChart } from './charts.js'

/** The step's badge: "12 entered · 3 here now · 2 to goal"; null before any run. */
export function stepBadge(stats, stepId) {
  const p = stats?.performance?.find((s) => s.step === stepId)
  if (!p) return stats ? h('span', { class: 'node-count' }, 'no runs yet') : null
  const parts = [`${format.number(p.entered)} entered`]
  if (p.waiting) parts.push(`${format.number(p.waiting)} here now`)
  if (p.goal) parts.push(`${format.number(p.goal)} to goal`)
  return h('span', { class: 'node-count' }, parts.join(' · '))
}

/** A duration in seconds as a person says it: "2 h 5 min", "3 d 4 h". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—'
  const m = Math.round(seconds / 60)
  if (m < 60) return `${m} min`
  const hours = Math.floor(m / 60)
  if (hours < 48) return `${hours} h${m % 60 ? ` ${m % 60} min` : ''}`
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`
}

const HEAD = ['Step', 'Entered', 'Here now', 'Left by goal', 'Completed', 'Exited', 'Suppressed', 'Unsubscribed', 'Median time to goal']

/** The funnel and per-step table for the flow's page, steps in the order given. */
export function performanceView(stats, stepIds) {
  if (!stats || !stats.entered) return h('p', { class: 'empty' }, 'No lead has entered this flow yet.')
  const byStep = new Map((stats.performance || []).map((p) => [p.step, p]))
  const steps = stepIds.filter((id) => byStep.has(id)).map((id) => byStep.get(id))
  const share = (n) => format.percent(stats.entered ? n / stats.entered : null)
  return h('div', {},
    h('p', {}, `${format.number(stats.entered)} entered: ${format.number(stats.waiting)} still running, ${format.number(stats.goalReached)} reached the goal (${share(stats.goalReached)}), ` +
      `${format.number(stats.completed)} completed, ${format.number(stats.exited)} exited. Dropped: ${format.number(stats.suppressed)} emails suppressed, ` +
      `${format.number(stats.unsubscribed)} unsubscribed. Median time to goal: ${duration(stats.medianSecondsToGoal)}.`),
    hbarChart({
      label: 'Runs that reached each step',
      items: [{ label: 'Entered', value: stats.entered }, ...steps.map((p) => ({ label: p.step, value: p.entered }))],
      valueText: (v) => format.number(v),
      note: (item, i) => (i ? `(${share(item.value)})` : ''),
      width: 420, labelWidth: 100, valueRoom: 130,
    }),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Runs per step table (scrolls sideways)' }, h('table', { class: 'compact report-table' },
      h('caption', { class: 'sr-only' }, 'Runs per step'),
      h('thead', {}, h('tr', {}, HEAD.map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
      h('tbody', {}, steps.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.step),
        [p.entered, p.waiting, p.goal, p.completed, p.exited, p.suppressed, p.unsubscribed, p.medianSecondsToGoal]
          .map((n, i) => h('td', { class: 'num', dataset: { label: HEAD[i + 1] } }, i === 7 ? duration(n) : format.number(n)))))))))
}
