import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { Markdown } from './Markdown'
import { safeUrl } from './markdown/urls'

/** Renders and waits for the lazily loaded renderer to replace its placeholder. */
async function renderMarkdown(source: string): Promise<HTMLElement> {
  render(<Markdown source={source} testId="md" />)
  return screen.findByTestId('md')
}

describe('Markdown', () => {
  it('renders GitHub tables with their alignment', async () => {
    const md = await renderMarkdown(
      ['| command | prints |', '| --- | :---: |', '| `PUT k v` | nothing |', '| `a \\| b` | x |'].join('\n'),
    )
    expect([...md.querySelectorAll('table thead th')].map((th) => th.textContent)).toEqual(['command', 'prints'])
    expect(md.querySelectorAll('table tbody tr')).toHaveLength(2)
    expect(md.querySelector('tbody tr:last-child td code')?.textContent).toBe('a | b')
    expect(md.querySelector<HTMLElement>('thead th:nth-child(2)')?.style.textAlign).toBe('center')
  })

  it('highlights fenced code in the problem languages and leaves other fences plain', async () => {
    const md = await renderMarkdown(
      ['```python', 'def solve(data):', '    return "ok"  # done', '```', '', '```text', '<div>2 8</div>', '```', '', '```js', 'const x = 1', '```'].join('\n'),
    )
    const [python, text, js] = [...md.querySelectorAll('pre code')]
    expect(python?.classList.contains('hljs')).toBe(true)
    expect(python?.classList.contains('language-python')).toBe(true)
    expect(python?.querySelector('.hljs-keyword')?.textContent).toBe('def')
    expect(python?.querySelector('.hljs-string')?.textContent).toBe('"ok"')
    expect(python?.querySelector('.hljs-comment')?.textContent).toBe('# done')
    expect(python?.textContent).toBe('def solve(data):\n    return "ok"  # done\n')
    expect(text?.querySelector('span')).toBeNull()
    expect(text?.textContent).toBe('<div>2 8</div>\n')
    // highlight.js's aliases work as fence names.
    expect(js?.querySelector('.hljs-keyword')?.textContent).toBe('const')
  })

  it('shows HTML in the source as text: no script, handler or javascript: link comes alive', async () => {
    const md = await renderMarkdown(
      [
        '# Hi <b>there</b>',
        '',
        '<script>alert(1)</script>',
        '',
        '<img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">x</a>',
        '',
        '[click](javascript:alert(4)) [data](data:text/html,x) [proto](//evil.test) ![pic](javascript:alert(5))',
        '',
        'A List<Integer> stays as typed.',
      ].join('\n'),
    )
    expect(md.querySelector('script, iframe, b, [onerror], [onclick]')).toBeNull()
    expect(md.querySelector('img')).toBeNull()
    expect(md.querySelector('a')).toBeNull()
    expect(md.innerHTML).not.toContain('<script')
    const attributes = [...md.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`))
    expect(attributes.filter((a) => /javascript:|^on|^src=x/i.test(a))).toEqual([])
    expect(md.querySelector('h1')?.textContent).toBe('Hi <b>there</b>')
    expect(md.textContent).toContain('<script>alert(1)</script>')
    expect(md.textContent).toContain('<img src=x onerror="alert(2)">')
    expect(md.textContent).toContain('click data proto pic')
    expect(md.textContent).toContain('A List<Integer> stays as typed.')
  })

  it('keeps safe links, opening other sites in a new tab without opener', async () => {
    const md = await renderMarkdown('[ok](https://example.com) [mail](mailto:a@b.c) [local](/problems) [anchor](#input) https://auto.example')
    const links = [...md.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com', 'mailto:a@b.c', '/problems', '#input', 'https://auto.example'])
    expect(links[0]?.getAttribute('rel')).toContain('noopener')
    expect(links[0]?.getAttribute('target')).toBe('_blank')
    expect(links[2]?.getAttribute('target')).toBeNull()
  })

  it('renders the rest of the Markdown a statement uses', async () => {
    const md = await renderMarkdown(
      [
        '## Input',
        '',
        'Line one with **bold**, *em*, ~~gone~~, `a < b` and snake_case_name.',
        '',
        '1. first',
        '2. second',
        '   - nested',
        '',
        '- [x] done',
        '',
        '> a quote',
        '',
        '---',
      ].join('\n'),
    )
    expect(md.querySelector('h2')?.textContent).toBe('Input')
    expect(md.querySelector('strong')?.textContent).toBe('bold')
    expect(md.querySelector('em')?.textContent).toBe('em')
    expect(md.querySelector('del')?.textContent).toBe('gone')
    expect(md.textContent).toContain('snake_case_name')
    expect([...md.querySelectorAll('p code')].map((c) => c.textContent)).toEqual(['a < b'])
    expect(md.querySelectorAll('ol > li')).toHaveLength(2)
    expect(md.querySelector('ol ul li')?.textContent).toBe('nested')
    expect(md.querySelector<HTMLInputElement>('li input[type="checkbox"]')?.checked).toBe(true)
    expect(md.querySelector('blockquote')?.textContent.trim()).toBe('a quote')
    expect(md.querySelector('hr')).not.toBeNull()
  })

  it('keeps only http(s), mailto and same-site URLs', () => {
    expect(safeUrl(' JavaScript:alert(1)')).toBeNull()
    expect(safeUrl('vbscript:x')).toBeNull()
    expect(safeUrl('/\\evil.test')).toBeNull()
    expect(safeUrl('//evil.test')).toBeNull()
    expect(safeUrl('#input')).toBe('#input')
    expect(safeUrl('HTTPS://example.com')).toBe('HTTPS://example.com')
  })
})
