import { AuthCard, AuthLink } from './components/AuthLayout'
import { FlowForm, OrDivider } from './components/FlowForm'
import { FlowMessages } from './components/FlowMessages'
import { FlowPending } from './components/FlowPending'
import { ProviderButtons } from './components/ProviderButtons'
import { nodeName, notIn, splitProviders } from './nodes'
import type { UiNode } from './schema'
import { useFlow, withReturnTo } from './useFlow'

// Sign-up asks for email, name and password; the picture is optional and set later in settings (or comes from
// GitHub/Google).
const HIDDEN_ON_SIGNUP = new Set(['traits.picture'])

export function RegistrationPage() {
  const registration = useFlow('registration')
  if (!registration.flow || !registration.ui) return <FlowPending flow={registration} label="Loading sign-up" />

  const { ui, returnTo } = registration
  const { providers } = splitProviders(ui.nodes)
  const notProvider = notIn(providers)
  const inMainForm = (node: UiNode) => notProvider(node) && !HIDDEN_ON_SIGNUP.has(nodeName(node))

  return (
    <AuthCard
      title="Create your account"
      description="Join Interview-Prep to take or run coding interviews."
      footer={
        <>
          <span>Already have an account?</span>
          <AuthLink to={withReturnTo('/login', returnTo)} testId="link-login">
            Sign in
          </AuthLink>
        </>
      }
    >
      <FlowMessages messages={ui.messages} />
      <ProviderButtons ui={ui} providers={providers} />
      {providers.length > 0 ? <OrDivider label="or with email" /> : null}
      <FlowForm ui={ui} filter={inMainForm} autoFocus />
    </AuthCard>
  )
}
