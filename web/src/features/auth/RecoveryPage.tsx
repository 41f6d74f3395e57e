import { AuthCard, AuthLink } from './components/AuthLayout'
import { FlowForm } from './components/FlowForm'
import { FlowMessages } from './components/FlowMessages'
import { FlowPending } from './components/FlowPending'
import { useFlow } from './useFlow'

export function RecoveryPage() {
  const recovery = useFlow('recovery')
  if (!recovery.flow || !recovery.ui) return <FlowPending flow={recovery} label="Loading account recovery" />

  const { flow, ui } = recovery
  const codeSent = flow.state === 'sent_email'

  return (
    <AuthCard
      title="Reset your password"
      description={
        codeSent
          ? 'Enter the code from the email we just sent you.'
          : 'Enter the email you signed up with and we will send you a recovery code.'
      }
      footer={
        <>
          <span>Remembered it?</span>
          <AuthLink to="/login" testId="link-login">
            Sign in
          </AuthLink>
        </>
      }
    >
      <FlowMessages messages={ui.messages} />
      <FlowForm ui={ui} autoFocus />
    </AuthCard>
  )
}
