/**
 * A small Markdown parser for problem statements: headings, paragraphs, emphasis, inline and fenced code, lists
 * (nested by indentation), block quotes, GitHub-style tables, links and rules. It builds a tree that
 * `components/Markdown.tsx` renders with React elements, so raw HTML in the source is shown as text, never
 * interpreted, and links are kept only for http(s), mailto and same-site URLs.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' }

export type Align = 'left' | 'center' | 'right' | null

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { type: 'rule' }

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])\s+(.*)$/
const QUOTE = /^ {0,3}>\s?(.*)$/
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** Parses Markdown source into blocks. */
export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'))
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (line.trim() === '') {
      i++
      continue
    }

    const fence = FENCE.exec(line)
    if (fence) {
      const marker = fence[1] ?? '```'
      const body: string[] = []
      i++
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) {
        body.push(lines[i] ?? '')
        i++
      }
      i++ // the closing fence (or the end)
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') })
      continue
    }

    const heading = HEADING.exec(line)
    if (heading) {
      const level = (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '') })
      i++
      continue
    }

    if (RULE.test(line)) {
      blocks.push({ type: 'rule' })
      i++
      continue
    }

    if (QUOTE.test(line)) {
      const body: string[] = []
      while (i < lines.length && (lines[i] ?? '').trim() !== '') {
        const quoted = QUOTE.exec(lines[i] ?? '')
        body.push(quoted ? (quoted[1] ?? '') : (lines[i] ?? ''))
        i++
      }
      blocks.push({ type: 'quote', children: parseBlocks(body) })
      continue
    }

    if (line.includes('|') && TABLE_SEPARATOR.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const head = splitRow(line)
      const align = splitRow(lines[i + 1] ?? '').map(cellAlign)
      i += 2
      const rows: Inline[][][] = []
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && (lines[i] ?? '').includes('|')) {
        const cells = splitRow(lines[i] ?? '')
        rows.push(head.map((_, c) => parseInline(cells[c] ?? '')))
        i++
      }
      blocks.push({ type: 'table', align: head.map((_, c) => align[c] ?? null), head: head.map(parseInline), rows })
      continue
    }

    const item = LIST_ITEM.exec(line)
    if (item) {
      const [list, next] = parseList(lines, i)
      blocks.push(list)
      i = next
      continue
    }

    // A paragraph runs until a blank line or the start of another block.
    const text: string[] = []
    while (i < lines.length) {
      const l = lines[i] ?? ''
      if (l.trim() === '') break
      if (text.length > 0 && (FENCE.test(l) || HEADING.test(l) || QUOTE.test(l) || RULE.test(l) || LIST_ITEM.test(l))) break
      text.push(l)
      i++
    }
    blocks.push({ type: 'paragraph', children: parseInline(text.join('\n')) })
  }
  return blocks
}

/** Parses the list starting at line `start`; returns it and the index of the first line after it. */
function parseList(lines: string[], start: number): [Block, number] {
  const first = LIST_ITEM.exec(lines[start] ?? '')
  const indent = first?.[1]?.length ?? 0
  const ordered = /\d/.test(first?.[2] ?? '')
  const items: string[][] = []
  let i = start
  while (i < lines.length) {
    const line = lines[i] ?? ''
    const m = LIST_ITEM.exec(line)
    if (m && (m[1]?.length ?? 0) <= indent + 1 && /\d/.test(m[2] ?? '') === ordered) {
      items.push([m[3] ?? ''])
      i++
      continue
    }
    if (line.trim() === '') {
      // A blank line ends the list unless it goes on with an item or an indented continuation.
      const next = lines[i + 1] ?? ''
      const nextItem = LIST_ITEM.exec(next)
      const continues =
        (nextItem && (nextItem[1]?.length ?? 0) <= indent + 1 && /\d/.test(nextItem[2] ?? '') === ordered) ||
        leadingSpaces(next) > indent + 1
      if (!continues || next.trim() === '') break
      items[items.length - 1]?.push('')
      i++
      continue
    }
    if (leadingSpaces(line) > indent || !startsBlock(line)) {
      // A continuation of the current item (lazy or indented); nested blocks keep their relative indentation.
      items[items.length - 1]?.push(line.slice(Math.min(leadingSpaces(line), indent + 2)))
      i++
      continue
    }
    break
  }
  const start0 = ordered ? Number.parseInt(first?.[2] ?? '1', 10) : 1
  return [{ type: 'list', ordered, start: Number.isFinite(start0) ? start0 : 1, items: items.map(parseBlocks) }, i]
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || LIST_ITEM.test(line)
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length
}

function splitRow(line: string): string[] {
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1)
  const cells: string[] = []
  let cell = ''
  let inCode = false
  for (let k = 0; k < row.length; k++) {
    const ch = row[k] ?? ''
    if (ch === '\\' && row[k + 1] === '|') {
      cell += '|'
      k++
    } else if (ch === '`') {
      inCode = !inCode
      cell += ch
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += ch
    }
  }
  cells.push(cell.trim())
  return cells
}

function cellAlign(cell: string): Align {
  const left = cell.startsWith(':')
  const right = cell.endsWith(':')
  if (left && right) return 'center'
  if (right) return 'right'
  if (left) return 'left'
  return null
}

const ESCAPABLE = '\\`*_{}[]()#+-.!|<>~'

/** Parses inline Markdown: code spans, emphasis, links, escapes and line breaks. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let buf = ''
  const flush = () => {
    if (buf) out.push({ type: 'text', text: buf })
    buf = ''
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i] ?? ''

    if (ch === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1] ?? '')) {
      buf += text[i + 1] ?? ''
      i += 2
      continue
    }

    if (ch === '\n') {
      // Two trailing spaces (or a backslash) make a hard break; otherwise a newline is a space.
      if (buf.endsWith('  ')) {
        buf = buf.trimEnd()
        flush()
        out.push({ type: 'break' })
      } else {
        buf = buf.trimEnd() + ' '
      }
      i++
      while (text[i] === ' ') i++
      continue
    }

    if (ch === '`') {
      let run = 0
      while (text[i + run] === '`') run++
      const fence = '`'.repeat(run)
      const end = findRun(text, fence, i + run)
      if (end !== -1) {
        flush()
        let code = text.slice(i + run, end).replace(/\n/g, ' ')
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1)
        out.push({ type: 'code', text: code })
        i = end + run
        continue
      }
      buf += fence
      i += run
      continue
    }

    if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const marker = ch + ch
      const end = text.indexOf(marker, i + 2)
      if (end > i + 2 && text[i + 2] !== ' ' && canOpen(text, i, ch)) {
        flush()
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end)) })
        i = end + 2
        continue
      }
    }

    if ((ch === '*' || ch === '_') && text[i + 1] !== ' ' && text[i + 1] !== undefined && canOpen(text, i, ch)) {
      const end = findEmphasisEnd(text, ch, i + 1)
      if (end !== -1) {
        flush()
        out.push({ type: 'em', children: parseInline(text.slice(i + 1, end)) })
        i = end + 1
        continue
      }
    }

    if (ch === '[') {
      const link = parseLink(text, i)
      if (link) {
        flush()
        const children = parseInline(link.label)
        const href = safeHref(link.href)
        if (href) out.push({ type: 'link', href, children })
        else out.push(...children)
        i = link.end
        continue
      }
    }

    buf += ch
    i++
  }
  flush()
  return out
}

function findRun(text: string, fence: string, from: number): number {
  let at = text.indexOf(fence, from)
  while (at !== -1) {
    const before = text[at - 1]
    const after = text[at + fence.length]
    if (before !== '`' && after !== '`') return at
    at = text.indexOf(fence, at + 1)
  }
  return -1
}

/** `_` only opens emphasis at a word boundary (snake_case stays as it is). */
function canOpen(text: string, at: number, ch: string): boolean {
  if (ch !== '_') return true
  return at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1] ?? '')
}

function findEmphasisEnd(text: string, ch: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    if (text[k] === '\\') {
      k++
      continue
    }
    if (text[k] === '`') {
      const end = text.indexOf('`', k + 1)
      if (end !== -1) k = end
      continue
    }
    if (text[k] === ch && text[k - 1] !== ' ' && text[k + 1] !== ch) {
      if (ch === '_' && /[\p{L}\p{N}]/u.test(text[k + 1] ?? '')) continue
      return k > from ? k : -1
    }
  }
  return -1
}

function parseLink(text: string, at: number): { label: string; href: string; end: number } | null {
  let depth = 0
  let k = at
  for (; k < text.length; k++) {
    if (text[k] === '\\') {
      k++
      continue
    }
    if (text[k] === '[') depth++
    if (text[k] === ']') {
      depth--
      if (depth === 0) break
    }
  }
  if (k >= text.length || text[k + 1] !== '(') return null
  const close = text.indexOf(')', k + 2)
  if (close === -1) return null
  const target = text.slice(k + 2, close).trim().split(/\s+/)[0] ?? ''
  return { label: text.slice(at + 1, k), href: target.replace(/^<|>$/g, ''), end: close + 1 }
}

/** The link target if it is safe to follow: http(s), mailto, or a same-site path or fragment. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim()
  if (trimmed === '') return null
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed
  // Same-site paths; "//host" and "/\host" would leave the site, so neither is one.
  if (/^(\/(?![/\\])|#|\.{1,2}\/)/.test(trimmed) && !/[:\\]/.test(trimmed)) return trimmed
  return null
}
