// A rep in a few words, for lists: their hours, territory, alert channels and status.
import { DAYS } from './rep-form.js'

const SHORT = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' }
const day = (iso) => new Date(iso + 'T00:00:00').toLocaleDateString(undefined, { month: 'short', day: 'numeric' })

/** 'Mon–Fri 09:00–18:00, Sat 10:00–14:00 (Asia/Tokyo)'; 'Any time' without hours. */
export function hoursWords(rep) {
  const spans = DAYS.map(([d]) => (rep.workingHours || []).find((s) => s.day === d) || null)
  if (!spans.some(Boolean)) return 'Any time'
  const groups = []
  spans.forEach((s, i) => {
    if (!s) return
    const last = groups[groups.length - 1]
    if (last && last.to === i - 1 && last.start === s.start && last.end === s.end) last.to = i
    else groups.push({ from: i, to: i, start: s.start, end: s.end })
  })
  const words = groups.map((g) => {
    const days = g.from === g.to ? SHORT[DAYS[g.from][0]] : `${SHORT[DAYS[g.from][0]]}–${SHORT[DAYS[g.to][0]]}`
    return `${days} ${g.start}–${g.end}`
  })
  return `${words.join(', ')} (${rep.timeZone || 'UTC'})`
}

/** 'JP · Kanto, 東京都 · 50-249'; 'Any lead, in turn' for a rep without a territory. */
export function territoryWords(rep) {
  const parts = [rep.countries, rep.regions, rep.industries, rep.companySizes].filter((l) => l?.length).map((l) => l.join(', '))
  return parts.length ? parts.join(' · ') : 'Any lead, in turn'
}

/** 'Email, Slack': the channels ticked, or every one set up when none is. */
export function channelWords(rep) {
  const set = ['email', ...(rep.slackWebhookUrl ? ['slack'] : []), ...(rep.webhookUrl ? ['webhook'] : [])]
  const used = rep.channels?.length ? rep.channels : set
  return used.map((c) => ({ email: 'Email', slack: 'Slack', webhook: 'Webhook' })[c] || c).join(', ')
}

/** 'Away 10 Aug – 16 Aug', or null when no out-of-office days are set. */
export const awayWords = (rep) => (rep.awayFrom && rep.awayUntil ? `Away ${day(rep.awayFrom)} – ${day(rep.awayUntil)}` : null)

/** The Reps and Routing pages' own menu, the current one marked. */
export function repsNav(h, current) {
  const link = (hash, label) => h('a', { href: hash, 'aria-current': hash === current ? 'page' : false }, label)
  return h('nav', { class: 'subnav', 'aria-label': 'Reps and routing' }, link('#/reps', 'Reps'), link('#/routing', 'Routing rules and tester'))
}
