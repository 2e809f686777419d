// How numbers, times and sources read in the console.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const timeWithSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })

export const when = (iso) => (iso ? dateTime.format(new Date(iso)) : '—')
export const day = (iso) => (iso ? dateOnly.format(new Date(iso)) : '—')
export const clock = (iso) => (iso ? timeOnly.format(new Date(iso)) : '—')
export const clockSeconds = (iso) => (iso ? timeWithSeconds.format(new Date(iso)) : '—')

export function number(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—'
  return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits })
}

export const percent = (ratio) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`)

/** "3 min ago", "2 days ago": for things that just happened. */
export function ago(iso) {
  if (!iso) return '—'
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000)
  if (seconds < 60) return 'just now'
  const units = [['day', 86400], ['hour', 3600], ['min', 60]]
  for (const [unit, size] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size)
      return `${n} ${unit}${n > 1 && unit !== 'min' ? 's' : ''} ago`
    }
  }
  return when(iso)
}

/** A touch as one line: channel, then UTM source / medium / campaign when there are any. */
export function touch(t) {
  if (!t) return '—'
  const s = t.source || {}
  const utm = [s.utmSource, s.utmMedium, s.utmCampaign].filter(Boolean).join(' / ')
  return [s.channel || 'direct', utm].filter(Boolean).join(' · ')
}

/** The path of a URL (with its query unless bare), for compact timelines; the whole text when it is not a URL. */
export function path(url, { bare = false } = {}) {
  if (!url) return ''
  try {
    const u = new URL(url)
    return u.pathname + (bare ? '' : u.search)
  } catch {
    return url
  }
}

export const leadName = (lead) => lead?.name || lead?.email || lead?.emails?.[0] || 'Anonymous visitor'
