// Every report and list downloads as CSV or XLSX: the API answers the same query as a file with
// ?format=csv|xlsx; the console fetches it with the session's key (a plain link would carry none).
import { authHeaders, query, ApiError } from './api.js'
import { h, toast } from './dom.js'

/** Fetches path + params as format and hands the browser the file under the name the server gave. */
export async function download(path, params, format) {
  const response = await fetch(path + query({ ...params, format }), { headers: authHeaders() })
  if (!response.ok) {
    const body = await response.json().catch(() => null)
    throw new ApiError(response.status, body)
  }
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') || '')?.[1] || `download.${format}`
  const url = URL.createObjectURL(await response.blob())
  const link = h('a', { href: url, download: decodeURIComponent(name), hidden: true })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** "Download: CSV · Excel" for what a page shows; params() gives the query at the moment of the click. */
export function downloadButtons(path, params, { what = 'this table' } = {}) {
  const button = (format, text) => h('button', {
    type: 'button', class: 'link',
    'aria-label': `Download ${what} as ${text}`,
    onclick: async (e) => {
      const clicked = e.currentTarget
      clicked.disabled = true
      try {
        await download(path, typeof params === 'function' ? params() : params, format)
      } catch (err) {
        toast(err.summary || String(err), 'error')
      } finally {
        clicked.disabled = false
      }
    },
  }, text)
  return h('p', { class: 'downloads' }, 'Download: ', button('csv', 'CSV'), ' · ', button('xlsx', 'Excel (XLSX)'))
}
