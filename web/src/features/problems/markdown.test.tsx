import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { Markdown } from './components/Markdown'
import { parseInline, parseMarkdown, safeHref } from './markdown'

function renderMarkdown(source: string) {
  const { container } = render(<Markdown source={source} />)
  return container
}

describe('Markdown', () => {
  it('escapes HTML instead of interpreting it', () => {
    const container = renderMarkdown(
      '# Hi <b>there</b>\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">x</a>\n\n- <iframe src="https://evil.test"></iframe>',
    )
    expect(container.querySelector('script, img, iframe, b')).toBeNull()
    expect(container.querySelector('a')).toBeNull()
    expect(container.textContent).toContain('<script>alert(1)</script>')
    expect(container.textContent).toContain('<img src=x onerror="alert(2)">')
    expect(container.querySelector('h1')?.textContent).toBe('Hi <b>there</b>')
    expect(container.innerHTML).not.toContain('<script')
  })

  it('keeps only safe links', () => {
    const container = renderMarkdown(
      '[ok](https://example.com) [mail](mailto:a@b.c) [local](/problems) [bad](javascript:alert(1)) [data](data:text/html,x) [proto](//evil.test)',
    )
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(hrefs).toEqual(['https://example.com', 'mailto:a@b.c', '/problems'])
    expect(container.textContent).toContain('bad')
    expect(container.querySelector('a[href="https://example.com"]')?.getAttribute('rel')).toContain('noopener')
    expect(safeHref(' JavaScript:alert(1)')).toBeNull()
    expect(safeHref('vbscript:x')).toBeNull()
    expect(safeHref('/\\evil.test')).toBeNull()
    expect(safeHref('#input')).toBe('#input')
  })

  it('renders the Markdown a statement uses', () => {
    const container = renderMarkdown(
      [
        '## Input',
        '',
        'Line one with **bold**, *em*, `a < b` and snake_case_name.',
        '',
        '| command | prints |',
        '| --- | :---: |',
        '| `PUT k v` | nothing |',
        '| `a \\| b` | x |',
        '',
        '1. first',
        '2. second',
        '   - nested',
        '',
        '```',
        '<div>2 8</div>',
        'PUT a 1',
        '```',
        '',
        '> a quote',
        '',
        '---',
      ].join('\n'),
    )
    expect(container.querySelector('h2')?.textContent).toBe('Input')
    expect(container.querySelector('strong')?.textContent).toBe('bold')
    expect(container.querySelector('em')?.textContent).toBe('em')
    expect(container.textContent).toContain('snake_case_name')
    expect([...container.querySelectorAll('p code')].map((c) => c.textContent)).toEqual(['a < b'])
    expect(container.querySelectorAll('table th')).toHaveLength(2)
    expect(container.querySelectorAll('table tbody tr')).toHaveLength(2)
    expect(container.querySelector('tbody tr:last-child td code')?.textContent).toBe('a | b')
    expect(container.querySelectorAll('ol > li')).toHaveLength(2)
    expect(container.querySelector('ol ul li')?.textContent).toBe('nested')
    expect(container.querySelector('pre code')?.textContent).toBe('<div>2 8</div>\nPUT a 1')
    expect(container.querySelector('blockquote')?.textContent).toBe('a quote')
    expect(container.querySelector('hr')).not.toBeNull()
  })

  it('parses inline text without losing characters', () => {
    expect(parseInline('a\\*b\\* 2 * 3 and __init__')).toEqual([{ type: 'text', text: 'a*b* 2 * 3 and ' }, { type: 'strong', children: [{ type: 'text', text: 'init' }] }])
    expect(parseMarkdown('')).toEqual([])
    expect(parseMarkdown('unclosed `code and *star')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'unclosed `code and *star' }] },
    ])
  })
})
