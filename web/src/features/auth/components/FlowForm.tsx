import { Fragment, type ReactNode } from 'react'

import { cn } from '@/lib/utils'

import { formNodes, isErrorText, isField, isHidden, isRenderable, isSubmit, nodeName, sectionNodes } from '../nodes'
import type { UiContainer, UiNode } from '../schema'
import { Node } from './Node'

export interface FlowFormProps {
  ui: UiContainer
  /** Which nodes this form holds; the default group's hidden inputs (csrf_token) are always included. */
  filter?: (node: UiNode) => boolean
  /** Extras at the right of a field's label, by input name. */
  labelExtras?: Partial<Record<string, ReactNode>>
  /** Focus the first field (auth pages; not settings). */
  autoFocus?: boolean
  testId?: string
  /** Draw the first button as the main action (off for the provider strip, where all buttons are equal). */
  primaryButton?: boolean
  /** Buttons as wide as their label from `sm` up (settings), instead of full width (auth cards). */
  compact?: boolean
  className?: string
}

/**
 * A Kratos flow (or part of one) as a native HTML form that POSTs to `ui.action`, so Kratos's CSRF cookie and
 * hidden token, its redirects and OIDC all work without JavaScript in between. Groups are drawn in order with
 * an "or" between alternative methods; the first button is the main action.
 */
export function FlowForm({ ui, filter, labelExtras = {}, autoFocus = false, testId = 'auth-form', primaryButton = true, compact = false, className }: FlowFormProps) {
  const nodes = formNodes(ui, filter).filter(isRenderable)
  const hidden = nodes.filter(isHidden)
  const sections = sectionNodes(nodes.filter((node) => !isHidden(node)))
  const firstSubmit = primaryButton ? nodes.find(isSubmit) : undefined
  const focusTarget = autoFocus
    ? (nodes.find((node) => isField(node) && node.messages.some(isErrorText)) ?? nodes.find(isField))
    : undefined

  return (
    <form action={ui.action} method={ui.method} data-testid={testId} className={cn('space-y-4', className)}>
      {hidden.map((node, index) => (
        <Node key={`${nodeName(node)}-${index}`} node={node} formNodes={nodes} />
      ))}
      {sections.map((section, sectionIndex) => (
        <Fragment key={section.group}>
          {sectionIndex > 0 && section.group !== 'default' && sections[sectionIndex - 1]?.group !== 'default' ? (
            <OrDivider />
          ) : null}
          <div className="space-y-4" data-group={section.group}>
            {section.nodes.map((node, index) => (
              <Node
                key={`${nodeName(node) || node.attributes.node_type}-${index}`}
                node={node}
                formNodes={nodes}
                primary={node === firstSubmit}
                compact={compact}
                labelExtra={labelExtras[nodeName(node)]}
                autoFocus={node === focusTarget}
              />
            ))}
          </div>
        </Fragment>
      ))}
    </form>
  )
}

export function OrDivider({ label = 'or' }: { label?: string }) {
  return (
    <div className="flex items-center gap-3 text-xs text-muted-foreground uppercase" aria-hidden="true">
      <span className="h-px flex-1 bg-border" />
      {label}
      <span className="h-px flex-1 bg-border" />
    </div>
  )
}
