// A predictive model's report in words a marketer reads: what each figure means for their leads, a verdict,
// and how two versions compare. Pure functions of the report the API stores (GET /api/scoring/predictive/models);
// a report from an older version may lack a figure, and then says so.

const known = (n) => typeof n === 'number' && Number.isFinite(n)
const pct = (ratio) => `${Math.round(ratio * 100)}%`

/** "7 in 10", "fewer than 1 in 10": a share as people say it. */
export function inTen(ratio) {
  if (!known(ratio)) return '—'
  if (ratio > 0 && ratio < 0.05) return 'fewer than 1 in 10'
  return `${Math.round(ratio * 10)} in 10`
}

/** How many held-out leads make the top 10% (as the server counts them). */
export const topCount = (report) => Math.max(1, Math.ceil((report?.rows?.test || 0) * 0.1))

/** The converters in the held-out part, which every figure is measured on. */
export const testConverters = (report) => (known(report?.baseRate) && report?.rows?.test ? Math.round(report.baseRate * report.rows.test) : 0)

/** AUC in a word, from "no better than guessing" to "excellent". */
export function aucGrade(auc) {
  if (!known(auc)) return 'not measured'
  if (auc >= 0.9) return 'excellent'
  if (auc >= 0.8) return 'good'
  if (auc >= 0.7) return 'useful'
  if (auc >= 0.6) return 'weak'
  return 'no better than guessing'
}

/** One sentence: what the AUC says about ranking a customer above a non-customer. */
export function aucSentence(report) {
  const auc = report?.auc
  if (!known(auc)) return 'This version has no ranking figure.'
  return `Take one lead who became a customer and one who did not: ${Math.round(auc * 10)} times in 10 the model gives the customer the higher likelihood (a coin toss manages 5 in 10).`
}

/** One sentence: how often the leads the model likes most became customers, against everyone. */
export function topSentence(report) {
  const top = report?.precisionAtTop10Percent
  const base = report?.baseRate
  if (!known(top) || !known(base)) return 'This version has no top-10% figure.'
  const lift = base > 0 ? ` That is ${(top / base).toFixed(1)} times as often.` : ''
  return `Of the 10% of leads the model likes most, ${inTen(top)} became customers, against ${inTen(base)} overall.${lift}`
}

/** One sentence: how far its percentages are from what happened (the Brier score), against saying the overall rate to everyone. */
export function brierSentence(report) {
  const brier = report?.brierScore
  const base = report?.baseRate
  if (!known(brier)) return 'This version has no accuracy figure.'
  const off = Math.round(Math.sqrt(brier) * 100)
  const sentence = `Its likelihoods are off by about ${off} percentage points on a typical lead (lower is better)`
  if (!known(base)) return sentence + '.'
  const everyone = base * (1 - base)
  return `${sentence}; saying ${pct(base)} for every lead would be off by about ${Math.round(Math.sqrt(everyone) * 100)}.`
}

/** The Brier score of giving every lead the overall rate: the bar a model must get under. */
export const brierBaseline = (report) => (known(report?.baseRate) ? report.baseRate * (1 - report.baseRate) : NaN)

/** One sentence on the calibration bins: how close "the model said 30%" is to "30% became customers". */
export function calibrationSentence(report) {
  const bins = (report?.calibration || []).filter((b) => b.count > 0 && known(b.meanPredicted) && known(b.observedRate))
  if (!bins.length) return 'This version has no calibration figures.'
  const total = bins.reduce((n, b) => n + b.count, 0)
  const gap = bins.reduce((sum, b) => sum + b.count * Math.abs(b.meanPredicted - b.observedRate), 0) / total
  return `When the model says 30%, about 3 in 10 of those leads should become customers. Here its likelihoods are, on average, ${Math.round(gap * 100)} percentage points from what happened; dots on the dashed line are right.`
}

/** One sentence on the ROC curve. */
export const rocSentence = () =>
  'Call the leads from the highest likelihood down: the curve shows the share of future customers you have reached (up) against the share of the others you called on the way (across). The higher it bows above the dashed line, the better.'

/**
 * The headline: should this version be used, and what to watch for. kind is 'good', 'ok' or 'warn' for the styling;
 * text is one or two sentences.
 */
export function verdict(report) {
  const auc = report?.auc
  if (!known(auc)) return { kind: 'warn', text: 'This version has no figures to judge it by.' }
  const grade = aucGrade(auc)
  const notes = []
  if (auc >= 0.97) notes.push('It is almost perfect, which usually means a column gives the answer away (a "won date" or "contract number", say): check the columns it looks at most, leave such a column out and train again.')
  const converters = testConverters(report)
  if (converters < 20) notes.push(`It was measured on only ${converters} customer${converters === 1 ? '' : 's'}, so these figures could change a lot with more data.`)
  const text = {
    excellent: 'Excellent: this version tells future customers from the rest very well.',
    good: 'Good: this version ranks leads well and is worth using.',
    useful: 'Useful: this version ranks leads better than guessing, though with misses.',
    weak: 'Weak: this version is only a little better than guessing.',
    'no better than guessing': 'Not useful: this version is no better than guessing. Try other columns or more rows.',
  }[grade]
  const kind = auc >= 0.8 && auc < 0.97 ? 'good' : auc >= 0.7 && auc < 0.97 ? 'ok' : 'warn'
  return { kind: notes.length && kind === 'good' ? 'ok' : kind, text: [text, ...notes].join(' ') }
}

/** Figures of two versions in words: which one ranks, picks and estimates better. a and b are {version, report}. */
export function compareSentences(a, b) {
  const out = []
  const name = (m) => `version ${m.version}`
  const say = (figure, better, higherIsBetter, what, digits = 2) => {
    const x = a.report?.[figure]
    const y = b.report?.[figure]
    if (!known(x) || !known(y)) return
    if (Math.abs(x - y) < 0.005) {
      out.push(`Both ${what} about as well (${x.toFixed(digits)} and ${y.toFixed(digits)}).`)
      return
    }
    const [winner, loser, wv, lv] = (higherIsBetter ? x > y : x < y) ? [a, b, x, y] : [b, a, y, x]
    out.push(`Version ${winner.version} ${better} than ${name(loser)} (${wv.toFixed(digits)} against ${lv.toFixed(digits)}).`)
  }
  say('auc', 'ranks leads better', true, 'rank leads')
  const [ta, tb] = [a.report?.precisionAtTop10Percent, b.report?.precisionAtTop10Percent]
  if (known(ta) && known(tb)) {
    out.push(ta === tb
      ? `In both, ${inTen(ta)} of the top 10% became customers.`
      : `Of the top 10%, ${inTen(ta)} became customers with ${name(a)} and ${inTen(tb)} with ${name(b)}.`)
  }
  say('brierScore', 'has the more accurate likelihoods', false, 'estimate likelihoods', 3)
  if (a.report?.labelColumn !== b.report?.labelColumn || a.report?.source !== b.report?.source) {
    out.push('They were trained on different data, so their figures are not measured on the same leads.')
  }
  return out
}

/** Where a live lead's value for a model column comes from, in words (the report's liveSource). */
export function liveSourceWords(source) {
  if (!source) return '—'
  const builtIn = {
    sessions: 'their number of visits', page_views: 'their page views', events: 'their events',
    days_since_first_seen: 'days since their first visit', days_since_last_seen: 'days since their last visit',
    first_channel: 'the channel of their first visit', first_utm_source: 'the utm_source of their first visit',
    first_utm_medium: 'the utm_medium of their first visit', last_channel: 'the channel of their last visit',
    fit: 'their fit score', grade: 'their grade',
  }
  if (builtIn[source]) return builtIn[source]
  if (source.startsWith('interest_')) return `their ${source.slice('interest_'.length)} interest score`
  if (source.startsWith('trait_')) return `the trait "${source.slice('trait_'.length)}" (when they have it)`
  return source
}
