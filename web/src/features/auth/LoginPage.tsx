import { AuthCard, AuthLink } from './components/AuthLayout'
import { FlowForm, OrDivider } from './components/FlowForm'
import { FlowMessages } from './components/FlowMessages'
import { FlowPending } from './components/FlowPending'
import { ProviderButtons } from './components/ProviderButtons'
import { notIn, splitProviders } from './nodes'
import { useFlow, withReturnTo } from './useFlow'

export function LoginPage() {
  const login = useFlow('login')
  if (!login.flow || !login.ui) return <FlowPending flow={login} label="Loading sign-in" />

  const { flow, ui, returnTo } = login
  const secondFactor = flow.requested_aal === 'aal2'
  const refresh = flow.refresh === true
  const { providers } = splitProviders(ui.nodes)

  let title = 'Sign in to Interview-Prep'
  let description = 'Welcome back. Sign in to see your interviews.'
  if (secondFactor) {
    title = 'Two-step verification'
    description = 'Confirm it is you with your second factor.'
  } else if (refresh) {
    title = 'Confirm it is you'
    description = 'Sign in again to continue with this change.'
  }

  return (
    <AuthCard
      title={title}
      description={description}
      footer={
        secondFactor || refresh ? null : (
          <>
            <span>No account yet?</span>
            <AuthLink to={withReturnTo('/registration', returnTo)} testId="link-registration">
              Sign up
            </AuthLink>
          </>
        )
      }
    >
      <FlowMessages messages={ui.messages} />
      <ProviderButtons ui={ui} providers={providers} />
      {providers.length > 0 ? <OrDivider label="or with email" /> : null}
      <FlowForm
        ui={ui}
        filter={notIn(providers)}
        autoFocus
        labelExtras={{
          password: (
            <AuthLink to="/recovery" testId="link-recovery">
              <span className="text-xs font-normal text-muted-foreground hover:text-foreground">Forgot password?</span>
            </AuthLink>
          ),
        }}
      />
    </AuthCard>
  )
}
