import type { ComponentProps } from 'react'
import ReactMarkdown, { type Components } from 'react-markdown'
import rehypeSanitize from 'rehype-sanitize'
import remarkGfm from 'remark-gfm'

import { cn } from '@/lib/utils'

import './highlight.css'
import { rehypeHighlightCode, rehypeRawAsText, sanitizeSchema } from './plugins'
import { isExternal, safeUrl } from './urls'

type HeadingTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6'

const headingClass: Record<HeadingTag, string> = {
  h1: 'text-2xl font-semibold tracking-tight',
  h2: 'mt-6 text-xl font-semibold tracking-tight',
  h3: 'mt-4 text-lg font-semibold',
  h4: 'font-semibold',
  h5: 'font-semibold',
  h6: 'font-semibold text-muted-foreground',
}

function heading(Tag: HeadingTag) {
  return function Heading({ children, id, className }: ComponentProps<'h1'>) {
    return (
      <Tag id={id} className={cn(headingClass[Tag], className)}>
        {children}
      </Tag>
    )
  }
}

// Each renderer takes only the props it uses: react-markdown also passes `node`, which must not reach the DOM.
// Headings, items and links keep their ids and classes, for footnotes (GFM).
const components: Components = {
  h1: heading('h1'),
  h2: heading('h2'),
  h3: heading('h3'),
  h4: heading('h4'),
  h5: heading('h5'),
  h6: heading('h6'),
  ul: ({ children, className }) => <ul className={cn('ml-6 list-disc space-y-1', className)}>{children}</ul>,
  ol: ({ children, className, start }) => (
    <ol start={start} className={cn('ml-6 list-decimal space-y-1', className)}>
      {children}
    </ol>
  ),
  li: ({ children, className, id }) => (
    <li id={id} className={cn('space-y-2', className)}>
      {children}
    </li>
  ),
  blockquote: ({ children }) => <blockquote className="space-y-2 border-l-4 pl-4 text-muted-foreground">{children}</blockquote>,
  hr: () => <hr className="border-border" />,
  // Code and tables scroll sideways when wide; focusable, so keyboards can scroll them (axe: scrollable-region-focusable).
  pre: ({ children }) => (
    <pre tabIndex={0} className="overflow-x-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
      {children}
    </pre>
  ),
  code: ({ children, className }) => <code className={className}>{children}</code>,
  table: ({ children }) => (
    <div tabIndex={0} className="overflow-x-auto rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
      <table className="w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  tr: ({ children }) => <tr className="border-b align-top [tbody_&]:last:border-0">{children}</tr>,
  th: ({ children, style }) => (
    <th className="px-3 py-2 font-medium" style={style}>
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td className="px-3 py-2" style={style}>
      {children}
    </td>
  ),
  // An unsafe URL was dropped (see urlTransform): the link is shown as its text.
  // Footnote references and back-links carry ids and ARIA labels.
  a: ({ children, href, id, 'aria-label': ariaLabel, 'aria-describedby': describedBy }) =>
    href ? (
      <a
        href={href}
        id={id}
        aria-label={ariaLabel}
        aria-describedby={describedBy}
        className="text-primary underline underline-offset-4"
        {...(isExternal(href) ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}
      >
        {children}
      </a>
    ) : (
      <>{children}</>
    ),
  // A task list's box: shown, not editable, and named for screen readers.
  input: ({ type, checked }) =>
    type === 'checkbox' ? (
      <input type="checkbox" checked={Boolean(checked)} disabled aria-label={checked ? 'Done' : 'To do'} className="mr-1.5 align-middle" />
    ) : null,
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <img src={src} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" className="inline max-w-full rounded-md" />
    ) : (
      <>{alt}</>
    ),
}

/**
 * GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks, fenced code highlighted in the problems'
 * languages) rendered as React elements. HTML in the source is shown as text, the tree is sanitised with GitHub's
 * schema, and only http(s), mailto and same-site URLs are kept.
 */
export default function MarkdownView({ source, className, testId }: { source: string; className?: string; testId?: string }) {
  return (
    <div
      className={cn(
        'space-y-4 text-sm leading-relaxed break-words',
        '[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-muted [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:py-0.5 [&_:not(pre)>code]:font-mono [&_:not(pre)>code]:text-[0.85em]',
        className,
      )}
      data-testid={testId}
    >
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeRawAsText, [rehypeSanitize, sanitizeSchema], rehypeHighlightCode]}
        urlTransform={(url) => safeUrl(url)}
        components={components}
      >
        {source}
      </ReactMarkdown>
    </div>
  )
}
