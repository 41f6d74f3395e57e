import { AuthCard, AuthLink } from './components/AuthLayout'
import { FlowForm } from './components/FlowForm'
import { FlowMessages } from './components/FlowMessages'
import { FlowPending } from './components/FlowPending'
import { useFlow } from './useFlow'

export function VerificationPage() {
  const verification = useFlow('verification')
  if (!verification.flow || !verification.ui) {
    return <FlowPending flow={verification} label="Loading email verification" />
  }

  const { flow, ui } = verification
  let description = 'We will email you a code to confirm your address.'
  if (flow.state === 'sent_email') description = 'Enter the code from the email we just sent you.'
  if (flow.state === 'passed_challenge') description = 'Your email address is confirmed.'

  return (
    <AuthCard
      title="Verify your email"
      description={description}
      footer={
        <AuthLink to="/" testId="link-dashboard">
          Go to the dashboard
        </AuthLink>
      }
    >
      <FlowMessages messages={ui.messages} />
      <FlowForm ui={ui} autoFocus={flow.state !== 'passed_challenge'} />
    </AuthCard>
  )
}
