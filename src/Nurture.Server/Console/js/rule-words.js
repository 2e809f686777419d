// Scoring rules in plain words, shown beside their controls: "a page view of a page matching
// */pricing*, at most 3 a day", "job_title is one of CEO, CTO". Pure, so the browser suite unit-tests it.

const TYPE_WORDS = {
  page_view: 'a page view', click: 'a click', form_submit: 'a form submitted', identify: 'an identify',
  custom: 'a custom event', email_open: 'an email opened', email_click: 'an email link clicked',
  email_unsubscribe: 'an unsubscribe', email_bounce: 'a bounce',
  sales_call: 'a call logged by sales', sales_meeting: 'a meeting logged by sales', sales_note: 'a note logged by sales',
  sales_accepted: 'accepted by sales', sales_won: 'won by sales', sales_lost: 'lost by sales',
}

/** The event types a behaviour rule may match, in the order a marketer meets them. */
export const MATCH_TYPES = Object.keys(TYPE_WORDS)

export const CHANNELS = ['direct', 'organic_search', 'paid_search', 'social', 'email', 'referral', 'display', 'affiliate', 'other']

/** What a rule's match says: the event, then each narrowing condition. */
export function matchWords(match = {}) {
  const parts = [match.type ? TYPE_WORDS[match.type] || `a ${match.type} event` : 'any event']
  if (match.name) parts.push(`named ${match.name}`)
  if (match.path) parts.push(`on a page matching ${match.path}`)
  if (match.host) parts.push(`on ${match.host}`)
  if (match.channel) parts.push(`from ${match.channel.replace('_', ' ')}`)
  for (const key of ['utmSource', 'utmMedium', 'utmCampaign']) if (match[key]) parts.push(`${key.replace('utm', 'utm_').toLowerCase()} ${match[key]}`)
  for (const [k, v] of Object.entries(match.props || {})) parts.push(`${k} = ${v}`)
  return parts.join(', ')
}

/** How often a rule may count. */
export function capWords(cap = {}) {
  const parts = []
  if (cap.perDay) parts.push(`at most ${cap.perDay} a day`)
  if (cap.perLead) parts.push(`at most ${cap.perLead} per lead`)
  if (cap.oncePerSession) parts.push('once per visit')
  return parts.length ? parts.join(', ') : 'every time'
}

/** The tests a fit rule may make, by the key it sets. */
export const FIT_TESTS = [
  ['equals', 'is'], ['contains', 'contains'], ['in', 'is one of'], ['atLeast', 'is at least'], ['below', 'is below'],
  ['emailDomain', 'email domain is'],
]

/** Which test a fit rule makes (the key present). */
export const fitTestOf = (rule) => FIT_TESTS.map(([k]) => k).find((k) => rule[k] !== undefined) || 'equals'

/** What a fit rule says: "job_title is one of CEO, CTO → +20". */
export function fitWords(rule) {
  const points = `${rule.points >= 0 ? '+' : ''}${rule.points ?? 0}`
  const test = fitTestOf(rule)
  if (test === 'emailDomain') return `email at a ${rule.emailDomain === 'free' ? 'free mail' : 'company'} domain → ${points}`
  const value = Array.isArray(rule[test]) ? rule[test].join(', ') : rule[test] ?? '…'
  return `${rule.trait || 'a trait'} ${FIT_TESTS.find(([k]) => k === test)[1]} ${value} → ${points}`
}
