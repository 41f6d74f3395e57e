import { EyeIcon, EyeOffIcon } from 'lucide-react'
import { useId, useState, type ReactNode } from 'react'

import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'

import { autocompleteFor, buttonLabel, isErrorText, nodeLabel, nodeValue, skipsValidation, submitTestId } from '../nodes'
import type { InputNode, UiNode } from '../schema'
import { NodeMessages } from './NodeMessages'
import { ProviderIcon } from './ProviderIcon'

export interface NodeProps {
  node: UiNode
  /** Every node in the same <form>: decides whether a button runs the browser's required checks. */
  formNodes: UiNode[]
  /** Draw a submit button as the form's main action. */
  primary?: boolean
  /** Shown at the right of a field's label, e.g. "Forgot password?". */
  labelExtra?: ReactNode
  autoFocus?: boolean
  compact?: boolean
}

/** One Kratos UI node: an input, button, image, text or link. Inputs keep Kratos's `name` for the native POST. */
export function Node({ node, formNodes, primary = false, labelExtra, autoFocus, compact = false }: NodeProps) {
  const { attributes } = node
  switch (attributes.node_type) {
    case 'input':
      return (
        <InputNodeView
          node={{ ...node, attributes }}
          formNodes={formNodes}
          primary={primary}
          labelExtra={labelExtra}
          autoFocus={autoFocus}
          compact={compact}
        />
      )
    case 'img':
      return (
        <figure className="flex flex-col items-center gap-2" data-testid={`node-img-${attributes.id}`}>
          <img
            src={attributes.src}
            width={attributes.width}
            height={attributes.height}
            alt={nodeLabel(node)}
            className="rounded-md bg-white p-2"
          />
          {node.meta.label ? (
            <figcaption className="text-xs text-muted-foreground">{node.meta.label.text}</figcaption>
          ) : null}
        </figure>
      )
    case 'text':
      return (
        <div className="space-y-1.5" data-testid={`node-text-${attributes.id}`}>
          {node.meta.label ? <p className="text-sm font-medium">{node.meta.label.text}</p> : null}
          <p className="rounded-md bg-muted px-3 py-2 font-mono text-sm break-all">{attributes.text.text}</p>
        </div>
      )
    case 'a':
      return (
        <Button asChild variant="outline" className="w-full">
          <a href={attributes.href} data-testid={`node-link-${attributes.id}`}>
            {attributes.title?.text ?? nodeLabel(node)}
          </a>
        </Button>
      )
    default:
      return null
  }
}

function InputNodeView({ node, formNodes, primary, labelExtra, autoFocus, compact }: NodeProps & { node: InputNode }) {
  const { attributes } = node
  const id = useId()
  const name = attributes.name

  if (attributes.type === 'hidden') {
    return (
      <>
        <input type="hidden" name={name} defaultValue={nodeValue(node)} />
        <NodeMessages messages={node.messages} name={name} />
      </>
    )
  }

  if (attributes.type === 'submit') {
    const oidc = node.group === 'oidc'
    return (
      <div className="space-y-1.5">
        <Button
          type="submit"
          name={name}
          value={nodeValue(node)}
          disabled={attributes.disabled}
          formNoValidate={skipsValidation(node, formNodes)}
          variant={primary ? 'default' : 'outline'}
          className={compact ? 'w-full sm:w-auto' : 'w-full'}
          data-testid={submitTestId(node)}
          data-action={oidc ? name : undefined}
        >
          {oidc ? <ProviderIcon provider={nodeValue(node)} /> : null}
          {buttonLabel(node)}
        </Button>
        <NodeMessages messages={node.messages} name={name} />
      </div>
    )
  }

  const invalid = node.messages.some(isErrorText)
  const messagesId = `${id}-messages`

  if (attributes.type === 'checkbox') {
    return (
      <div className="space-y-1.5">
        <Label htmlFor={id} className="font-normal">
          <input
            id={id}
            type="checkbox"
            name={name}
            value="true"
            defaultChecked={attributes.value === true}
            required={attributes.required}
            disabled={attributes.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={node.messages.length > 0 ? messagesId : undefined}
            className="size-4 accent-primary"
          />
          {nodeLabel(node)}
        </Label>
        <NodeMessages messages={node.messages} name={name} id={messagesId} />
      </div>
    )
  }

  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>{nodeLabel(node)}</Label>
        {labelExtra}
      </div>
      <FieldInput
        id={id}
        node={node}
        invalid={invalid}
        describedBy={node.messages.length > 0 ? messagesId : undefined}
        autoFocus={autoFocus}
      />
      <NodeMessages messages={node.messages} name={name} id={messagesId} />
    </div>
  )
}

function FieldInput({
  id,
  node,
  invalid,
  describedBy,
  autoFocus,
}: {
  id: string
  node: InputNode
  invalid: boolean
  describedBy?: string
  autoFocus?: boolean
}) {
  const { attributes } = node
  const [revealed, setRevealed] = useState(false)
  const isPassword = attributes.type === 'password'
  const isCode = attributes.name === 'code' || attributes.name.endsWith('_code')

  const input = (
    <Input
      id={id}
      name={attributes.name}
      type={isPassword && revealed ? 'text' : attributes.type}
      defaultValue={isPassword ? undefined : nodeValue(node)}
      required={attributes.required}
      disabled={attributes.disabled}
      autoComplete={autocompleteFor(node)}
      pattern={attributes.pattern}
      maxLength={attributes.maxlength}
      inputMode={isCode ? 'numeric' : undefined}
      autoFocus={autoFocus}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      className={cn(isPassword && 'pr-10', isCode && 'font-mono tracking-widest')}
    />
  )
  if (!isPassword) return input

  return (
    <div className="relative">
      {input}
      <button
        type="button"
        onClick={() => {
          setRevealed((shown) => !shown)
        }}
        aria-label={revealed ? 'Hide password' : 'Show password'}
        aria-pressed={revealed}
        className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-md text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        {revealed ? <EyeOffIcon className="size-4" /> : <EyeIcon className="size-4" />}
      </button>
    </div>
  )
}
