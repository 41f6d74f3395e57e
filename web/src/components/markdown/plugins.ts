import bash from 'highlight.js/lib/languages/bash'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import python from 'highlight.js/lib/languages/python'
import type { Element, ElementContent, Root } from 'hast'
import { createLowlight } from 'lowlight'
import { defaultSchema, type Options as SanitizeOptions } from 'rehype-sanitize'

/**
 * HTML written in the source (`List<Integer>`, `<b>`) reaches rehype as `raw` nodes. Turn them into text before
 * the sanitizer, which would drop them: the author sees what they typed, and nothing in it becomes an element.
 */
export function rehypeRawAsText() {
  return (tree: Root) => {
    rawAsText(tree)
  }
}

function rawAsText(parent: Root | Element) {
  parent.children.forEach((child, index) => {
    if (child.type === 'raw') parent.children[index] = { type: 'text', value: child.value }
    else if (child.type === 'element') rawAsText(child)
  })
}

/** GitHub's sanitising schema: the elements and attributes Markdown can produce; no scripts, styles or handlers. */
export const sanitizeSchema: SanitizeOptions = defaultSchema

/**
 * Only the problems' languages, plus JSON and shell for examples (with highlight.js's aliases: js, py, sh…).
 * lowlight's core and these five grammars, not its `common` set of 37 (rehype-highlight always bundles that one).
 */
const lowlight = createLowlight({ bash, java, javascript, json, python })

/**
 * Highlights `pre > code` blocks whose fence names a registered language (`language-<name>` class, which the
 * sanitizer keeps), as highlight.js's `hljs-*` token spans; other blocks stay plain text.
 */
export function rehypeHighlightCode() {
  return (tree: Root) => {
    highlightIn(tree)
  }
}

function highlightIn(parent: Root | Element) {
  for (const child of parent.children) {
    if (child.type !== 'element') continue
    if (parent.type === 'element' && parent.tagName === 'pre' && child.tagName === 'code') highlightCode(child)
    else highlightIn(child)
  }
}

function highlightCode(code: Element) {
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : []
  const language = classes.find((name) => name.startsWith('language-'))?.slice('language-'.length)
  if (!language || !lowlight.registered(language)) return
  const text = code.children.map((node) => (node.type === 'text' ? node.value : '')).join('')
  code.properties.className = ['hljs', ...classes]
  code.children = lowlight.highlight(language, text).children as ElementContent[]
}
