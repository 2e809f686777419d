// Downloads of report tables (CSV, XLSX). The API takes the session's Bearer key, which a plain link cannot
// send, so the file is fetched and handed to the browser as a blob.
import { authHeaders, ApiError } from './api.js'

/** Fetches path and saves it under the file name the server gave (Content-Disposition), or fallback. */
export async function download(path, fallback) {
  const response = await fetch(path, { headers: authHeaders() })
  if (!response.ok) {
    let body = null
    try {
      body = await response.json()
    } catch {
      // Not a problem body: the status says enough.
    }
    throw new ApiError(response.status, body)
  }
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') || '')?.[1] || fallback
  const url = URL.createObjectURL(await response.blob())
  const a = Object.assign(document.createElement('a'), { href: url, download: decodeURIComponent(name) })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
