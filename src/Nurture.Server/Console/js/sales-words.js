// What sales did and why a lead is hot, in words: the activity kinds and outcomes a rep picks from (the
// API's closed lists), the event that tipped a lead over, a sales event on the timeline. Pure, so the
// browser suite unit-tests it.
import { path } from './format.js'

/** POST /api/leads/{id}/activities: kind → label. */
export const KINDS = [['call', 'Call'], ['meeting', 'Meeting'], ['note', 'Note']]

/** The outcomes, as SalesActivityRequest.Outcomes lists them. */
export const OUTCOMES = [
  ['reached', 'Reached them'], ['no_answer', 'No answer'], ['left_message', 'Left a message'],
  ['meeting_booked', 'Meeting booked'], ['follow_up', 'Follow up later'], ['not_interested', 'Not interested'],
]

export const outcomeWords = (outcome) => OUTCOMES.find(([v]) => v === outcome)?.[1] || outcome || ''
export const kindWords = (kind) => KINDS.find(([v]) => v === kind)?.[1] || kind

/** A won deal's value: digits grouped, no currency guessed. */
export const money = (value) => (value === null || value === undefined ? '' : Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 }))

/** What the lead did that made them hot: "Clicked /pricing in the email 'Spring offer'". */
export function tippingWords(t) {
  if (!t) return ''
  const where = t.title ? `'${t.title}'` : path(t.url, { bare: true })
  const email = t.templateName || t.templateId
  switch (t.type) {
    case 'email_click': return `Clicked ${where || 'a link'} in the email${email ? ` '${email}'` : ''}`
    case 'email_open': return `Opened the email${email ? ` '${email}'` : ''}`
    case 'page_view': return `Viewed ${where || 'a page'}`
    case 'form_submit': return `Submitted a form${where ? ' on ' + where : ''}`
    case 'click': return `Clicked on ${where || 'a page'}`
    case 'identify': return 'Told us who they are'
    case 'custom': return `Did '${t.name || 'a custom event'}'`
    case 'sales_call': case 'sales_meeting': case 'sales_note': return 'A sales activity'
    case '': case undefined: case null: return t.ruleId ? `Matched the rule ${t.ruleId}${where ? ' on ' + where : ''}` : 'An event'
    default: return `${t.type.replace(/_/g, ' ')}${where ? ' on ' + where : ''}`
  }
}

/** Who did it, as records name them ("user:sam@example.com", "key:ab12cd34"): the email alone for a user. */
export const who = (actor) => (actor || '').replace(/^user:/, '')

const SALES_EVENTS = {
  sales_call: 'Call', sales_meeting: 'Meeting', sales_note: 'Note',
  sales_accepted: 'Accepted by sales', sales_won: 'Won', sales_lost: 'Lost',
}

export const isSalesEvent = (type) => Object.hasOwn(SALES_EVENTS, type)

/** A sales event on the timeline: "Call: Reached them, by sam@example.com: Asked for a quote". */
export function salesEventWords(e) {
  const p = e.props || {}
  const head = SALES_EVENTS[e.type] || e.type
  const parts = [head + (p.outcome ? ': ' + outcomeWords(p.outcome) : '')]
  if (e.type === 'sales_won' && p.deal_value) parts.push(`worth ${money(p.deal_value)}${p.closed_on ? ', closed ' + p.closed_on : ''}`)
  if (p.user || p.rep) parts.push('by ' + who(p.user || p.rep))
  return parts.join(', ') + (p.note ? ': ' + p.note : '')
}
