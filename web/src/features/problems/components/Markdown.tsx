import { Fragment, useMemo, type ReactNode } from 'react'

import { cn } from '@/lib/utils'

import { parseMarkdown, type Block, type Inline } from '../markdown'

/**
 * Renders Markdown with React elements only (see markdown.ts): HTML in the source shows as text, and unsafe
 * links (javascript:, data:, …) become plain text.
 */
export function Markdown({ source, className, testId }: { source: string; className?: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source])
  return (
    <div className={cn('space-y-4 text-sm leading-relaxed', className)} data-testid={testId}>
      {renderBlocks(blocks)}
    </div>
  )
}

const headingClass: Record<number, string> = {
  1: 'text-2xl font-semibold tracking-tight',
  2: 'mt-6 text-xl font-semibold tracking-tight',
  3: 'mt-4 text-lg font-semibold',
  4: 'font-semibold',
  5: 'font-semibold',
  6: 'font-semibold text-muted-foreground',
}

function renderBlocks(blocks: Block[], tight = false): ReactNode {
  return blocks.map((block, k) => <Fragment key={k}>{renderBlock(block, tight)}</Fragment>)
}

function renderBlock(block: Block, tight: boolean): ReactNode {
  switch (block.type) {
    case 'heading': {
      const Tag = `h${String(block.level)}` as 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6'
      return <Tag className={headingClass[block.level]}>{renderInline(block.children)}</Tag>
    }
    case 'paragraph':
      return tight ? <>{renderInline(block.children)}</> : <p>{renderInline(block.children)}</p>
    case 'code':
      return (
        <pre className="overflow-x-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed">
          <code data-lang={block.lang || undefined}>{block.text}</code>
        </pre>
      )
    case 'list': {
      const items = block.items.map((item, k) => (
        // A one-paragraph item renders without its <p>, as Markdown's "tight" lists do.
        <li key={k} className="space-y-2">
          {renderBlocks(item, item.length === 1)}
        </li>
      ))
      return block.ordered ? (
        <ol start={block.start === 1 ? undefined : block.start} className="ml-6 list-decimal space-y-1">
          {items}
        </ol>
      ) : (
        <ul className="ml-6 list-disc space-y-1">{items}</ul>
      )
    }
    case 'quote':
      return <blockquote className="space-y-2 border-l-4 pl-4 text-muted-foreground">{renderBlocks(block.children)}</blockquote>
    case 'table':
      return (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b">
                {block.head.map((cell, c) => (
                  <th key={c} className="px-3 py-2 font-medium" style={{ textAlign: block.align[c] ?? undefined }}>
                    {renderInline(cell)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r} className="border-b align-top last:border-0">
                  {row.map((cell, c) => (
                    <td key={c} className="px-3 py-2" style={{ textAlign: block.align[c] ?? undefined }}>
                      {renderInline(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )
    case 'rule':
      return <hr className="border-border" />
  }
}

function renderInline(nodes: Inline[]): ReactNode {
  return nodes.map((node, k) => {
    switch (node.type) {
      case 'text':
        return <Fragment key={k}>{node.text}</Fragment>
      case 'code':
        return (
          <code key={k} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">
            {node.text}
          </code>
        )
      case 'strong':
        return <strong key={k}>{renderInline(node.children)}</strong>
      case 'em':
        return <em key={k}>{renderInline(node.children)}</em>
      case 'link': {
        const external = /^(https?:|mailto:)/i.test(node.href)
        return (
          <a
            key={k}
            href={node.href}
            className="text-primary underline underline-offset-4"
            {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}
          >
            {renderInline(node.children)}
          </a>
        )
      }
      case 'break':
        return <br key={k} />
    }
  })
}
