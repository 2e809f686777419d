// Turns a lead's event history (newest first, as GET /api/leads/{id}/timeline gives it) into visits:
// a session is one visitor's events with less than 30 minutes between them, the rule the server uses.
import { path } from './format.js'

export const SESSION_GAP_MS = 30 * 60 * 1000

/**
 * → sessions, newest first: {visitorId, kind ('web' | 'email'), start, end, channel, device,
 * anonymous (all of it happened before the person identified), events (oldest first, each with
 * beforeIdentify)}. The identify found in these events is the line; without one nothing is marked.
 */
export function groupSessions(events) {
  // The API gives newest first; reversed before the (stable) sort, events of the same millisecond keep their order.
  const ordered = foldEngagement([...events].reverse().sort((a, b) => new Date(a.at) - new Date(b.at)))
  const identified = ordered.find((e) => e.type === 'identify')
  const identifiedAt = identified ? new Date(identified.at).getTime() : null
  const open = new Map() // visitorId → the session being filled
  const sessions = []
  for (const e of ordered) {
    const at = new Date(e.at).getTime()
    let session = open.get(e.visitorId)
    if (!session || at - new Date(session.end).getTime() > SESSION_GAP_MS) {
      session = {
        visitorId: e.visitorId,
        kind: e.visitorId.startsWith('email:') ? 'email' : 'web',
        start: e.at, end: e.at, channel: e.channel, device: [e.deviceClass, e.browser, e.os].filter((x) => x && x !== 'unknown' && x !== 'Unknown').join(' · '),
        anonymous: false,
        events: [],
      }
      open.set(e.visitorId, session)
      sessions.push(session)
    }
    session.end = e.at
    session.events.push({ ...e, beforeIdentify: identifiedAt !== null && at < identifiedAt })
  }
  for (const s of sessions) s.anonymous = s.events.every((e) => e.beforeIdentify)
  return sessions.reverse()
}

/**
 * The tracker reports time on page and scroll depth as "engagement" events naming their page view (`pv`):
 * each is folded into that page view (visibleMs summed, scrollPct the deepest); one whose page view is not
 * among these events stays, and reads as time spent on its page.
 */
export function foldEngagement(ordered) {
  const views = new Map(ordered.filter((e) => e.type === 'page_view').map((e) => [e.eventId, { ...e }]))
  const kept = []
  for (const e of ordered) {
    if (e.type === 'page_view') kept.push(views.get(e.eventId))
    else if (isEngagement(e) && views.has(e.props?.pv)) {
      const view = views.get(e.props.pv)
      view.visibleMs = (view.visibleMs || 0) + (Number(e.props.visible_ms) || 0)
      view.scrollPct = Math.max(view.scrollPct || 0, Number(e.props.scroll_pct) || 0)
    } else kept.push(e)
  }
  return kept
}

const isEngagement = (e) => e.type === 'custom' && e.name === 'engagement'

/**
 * An email session's events as one thread per email (by send id), oldest first: {sendId, subject,
 * events}. `emails` is the timeline's map of send id → {subject, templateId}.
 */
export function emailThreads(events, emails = {}) {
  const threads = new Map()
  for (const e of events) {
    const sendId = e.props?.send_id || ''
    if (!threads.has(sendId)) threads.set(sendId, { sendId, subject: subjectOf(e, emails), events: [] })
    threads.get(sendId).events.push(e)
  }
  return [...threads.values()]
}

const subjectOf = (e, emails) => emails[e.props?.send_id]?.subject || e.props?.template_id || 'an email'

/** "1 min 20 s", "45 s". */
export function duration(ms) {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
}

/** How long a page was read and how far down, in words: " · read 1 min 20 s, scrolled 75%". */
function reading(e) {
  const parts = [e.visibleMs >= 1000 ? `read ${duration(e.visibleMs)}` : null, e.scrollPct ? `scrolled ${e.scrollPct}%` : null].filter(Boolean)
  return parts.length ? ' · ' + parts.join(', ') : ''
}

/** By whom an email event was made when a machine did it (a privacy proxy's open, a link scanner's click). */
const machine = (e) => (e.props?.machine === 'proxy' ? ' (by a mail privacy proxy, not counted)' : e.props?.machine === 'scanner' ? ' (by a link scanner, not counted)' : '')

/**
 * What happened, in words: "Viewed Pricing (/pricing) · read 40 s, scrolled 80%". Emails are named by
 * subject (`emails`, the timeline's map); inThread: the event sits under its email, which is named already.
 */
export function describe(e, emails = {}, { inThread = false } = {}) {
  const where = e.title ? `${e.title} (${path(e.url)})` : path(e.url)
  const email = inThread ? '' : ` “${subjectOf(e, emails)}”`
  switch (e.type) {
    case 'page_view': return `Viewed ${where || 'a page'}${reading(e)}`
    case 'click': return `Clicked ${e.props?.href || e.props?.text || where || 'a link'}`
    case 'form_submit': return `Submitted a form${where ? ' on ' + where : ''}`
    case 'identify': return 'Identified (gave their email)'
    case 'email_sent': return `Sent${email}`
    case 'email_open': return `Opened${email}${machine(e)}`
    case 'email_click': return `Clicked ${path(e.url) || 'a link'}${inThread ? '' : ' in' + email}${machine(e)}`
    case 'email_unsubscribe': return `Unsubscribed${inThread ? '' : ' from' + email}`
    case 'email_bounce': return `Bounced${email}`
    case 'custom':
      if (isEngagement(e)) return `Read ${path(e.url) || 'a page'} for ${duration(Number(e.props?.visible_ms) || 0)}${e.props?.scroll_pct ? `, scrolled ${e.props.scroll_pct}%` : ''}`
      return `Event: ${e.name || 'custom'}`
    default: return e.type + (where ? ' ' + where : '')
  }
}

/** A kind for the icon and colour of a timeline entry. */
export function kindOf(e) {
  if (e.type.startsWith('email_')) return 'email'
  if (e.type === 'form_submit' || e.type === 'identify') return 'form'
  if (e.type === 'page_view') return 'page'
  return 'other'
}
