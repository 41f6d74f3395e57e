import { oneOf } from '../nodes'
import type { UiContainer, UiNode } from '../schema'
import { FlowForm } from './FlowForm'

/**
 * "Continue with GitHub / Google / …": one form holding the csrf token and a button per provider Kratos offers.
 * Kratos lists only providers that are configured, so nothing shows when there are none.
 */
export function ProviderButtons({ ui, providers }: { ui: UiContainer; providers: UiNode[] }) {
  if (providers.length === 0) return null
  return (
    <FlowForm
      ui={ui}
      filter={oneOf(providers)}
      testId="auth-form-oidc"
      primaryButton={false}
      className="space-y-2 [&>[data-group]]:space-y-2"
    />
  )
}
