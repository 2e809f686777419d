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
  const ordered = [...events].reverse().sort((a, b) => new Date(a.at) - new Date(b.at))
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

/** What happened, in words: "Viewed Pricing (/pricing)". */
export function describe(e) {
  const where = e.title ? `${e.title} (${path(e.url)})` : path(e.url)
  switch (e.type) {
    case 'page_view': return `Viewed ${where || 'a page'}`
    case 'click': return `Clicked ${e.props?.href || e.props?.text || where || 'a link'}`
    case 'form_submit': return `Submitted a form${where ? ' on ' + where : ''}`
    case 'identify': return 'Identified (gave their email)'
    case 'email_open': return `Opened the email "${e.props?.template_id || 'an email'}"`
    case 'email_click': return `Clicked ${path(e.url) || 'a link'} in the email "${e.props?.template_id || ''}"`
    case 'email_unsubscribe': return 'Unsubscribed'
    case 'email_bounce': return e.props?.bounce === 'soft' ? 'Email delayed or bounced (temporary)' : 'Email bounced'
    case 'email_sent': return `Was sent the email "${e.props?.template_id || 'an email'}"`
    case 'email_suppressed': return `The email "${e.props?.template_id || 'an email'}" was not sent (${e.props?.reason || 'suppressed'})`
    case 'email_complaint': return 'Marked the email as spam'
    case 'custom': return `Event: ${e.name || 'custom'}`
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
