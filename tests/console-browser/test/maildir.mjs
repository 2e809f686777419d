// Reading the SMTP sink's Maildir (NURTURE_TEST_MAIL_DIR): one file per message, MIME as MimeKit wrote it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

function unfoldHeaders(text) {
  const headers = {}
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
  }
  return headers
}

function split(raw) {
  const text = raw.replace(/\r\n/g, '\n')
  const end = text.indexOf('\n\n')
  return { headers: unfoldHeaders(text.slice(0, end)), body: text.slice(end + 2) }
}

function decode(body, encoding = '') {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => `%${hex}`)
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'))
  }
  return body
}

/** The message's headers and its text/plain and text/html parts, decoded. */
function parseMessage(raw) {
  const { headers, body } = split(raw)
  const parts = {}
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] || '')?.[1]
  const chunks = boundary ? body.split('--' + boundary).slice(1, -1) : [raw]
  for (const chunk of chunks) {
    const part = split(chunk.replace(/^\n/, ''))
    const type = /^(text\/(plain|html))/i.exec(part.headers['content-type'] || '')?.[2]
    if (type) parts[type] = decode(part.body, part.headers['content-transfer-encoding'])
  }
  return { headers, text: parts.plain || '', html: parts.html || '' }
}

/** Every message to the address, parsed: { headers, text, html }. */
export function messagesTo(address) {
  const dir = join(process.env.NURTURE_TEST_MAIL_DIR, 'new')
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .filter((raw) => split(raw).headers.to?.includes(address))
    .map(parseMessage)
}
