import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'

import { formNodes, isHidden, isSubmit, nodeValue, providerName, skipsValidation, submitTestId } from '../nodes'
import type { UiContainer } from '../schema'
import { Node } from './Node'
import { NodeMessages } from './NodeMessages'
import { ProviderIcon } from './ProviderIcon'

/** Settings' OIDC group: one row per provider with its Link or Unlink button, all in one native form. */
export function LinkedAccounts({ ui }: { ui: UiContainer }) {
  const nodes = formNodes(ui, (node) => node.group === 'oidc')
  const buttons = nodes.filter(isSubmit).filter((node) => node.group === 'oidc')

  return (
    <form action={ui.action} method={ui.method} data-testid="settings-oidc" className="divide-y rounded-lg border">
      {nodes.filter(isHidden).map((node, index) => (
        <Node key={`hidden-${index}`} node={node} formNodes={nodes} />
      ))}
      {buttons.map((node) => {
        const provider = nodeValue(node)
        const linked = node.attributes.name === 'unlink'
        const name = providerName(node)
        return (
          <div key={`${node.attributes.name}-${provider}`} className="flex items-center gap-3 px-4 py-3">
            <span className="flex size-9 shrink-0 items-center justify-center rounded-md border bg-background">
              <ProviderIcon provider={provider} className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium">{name}</p>
              <NodeMessages messages={node.messages} name={node.attributes.name} />
            </div>
            {linked ? <Badge variant="success">Linked</Badge> : null}
            <Button
              type="submit"
              name={node.attributes.name}
              value={provider}
              size="sm"
              variant={linked ? 'ghost' : 'outline'}
              disabled={node.attributes.disabled}
              formNoValidate={skipsValidation(node, nodes)}
              data-testid={submitTestId(node)}
              data-action={node.attributes.name}
              aria-label={`${linked ? 'Unlink' : 'Link'} ${name}`}
            >
              {linked ? 'Unlink' : 'Link'}
            </Button>
          </div>
        )
      })}
    </form>
  )
}
