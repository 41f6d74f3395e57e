import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

import { PageHeader } from '@/components/PageHeader'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ME_QUERY_KEY } from '@/features/session/useMe'

import { FlowForm } from './components/FlowForm'
import { FlowMessages } from './components/FlowMessages'
import { FlowPending } from './components/FlowPending'
import { LinkedAccounts } from './components/LinkedAccounts'
import { isHidden, isRenderable } from './nodes'
import { useFlow } from './useFlow'

const SECTIONS: Record<string, { title: string; description: string }> = {
  profile: { title: 'Profile', description: 'Your name and picture, as interviewers and candidates see them.' },
  password: { title: 'Password', description: 'Change the password you sign in with: at least 8 characters.' },
  oidc: { title: 'Linked accounts', description: 'Sign in with GitHub or Google as well as with your password.' },
  totp: { title: 'Authenticator app', description: 'Use a one-time code from an app as a second factor.' },
  lookup_secret: { title: 'Backup codes', description: 'One-time codes for when you cannot use your second factor.' },
  webauthn: { title: 'Security keys', description: 'Hardware keys and built-in authenticators.' },
  passkey: { title: 'Passkeys', description: 'Sign in without a password on this device.' },
}

/** Kratos's settings flow: one card and one form per group (profile, password, linked accounts, …). */
export function SettingsPage() {
  const settings = useFlow('settings')
  const queryClient = useQueryClient()
  const saved = settings.flow?.state === 'success'

  useEffect(() => {
    // The name or picture may have changed: refresh the header's user.
    if (saved) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY })
  }, [saved, queryClient])

  const header = <PageHeader title="Account settings" description="Your profile, password and the ways you sign in." />
  if (!settings.flow || !settings.ui) {
    return (
      <div className="space-y-6">
        {header}
        <FlowPending flow={settings} label="Loading settings" inCard={false} />
      </div>
    )
  }

  const { ui } = settings
  const groups: string[] = []
  for (const node of ui.nodes) {
    if (node.group !== 'default' && isRenderable(node) && !isHidden(node) && !groups.includes(node.group)) {
      groups.push(node.group)
    }
  }

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      {header}
      <FlowMessages messages={ui.messages} />
      {groups.map((group) => {
        const section = SECTIONS[group] ?? { title: group, description: '' }
        return (
          <Card key={group} data-testid={`settings-section-${group}`}>
            <CardHeader>
              <CardTitle>{section.title}</CardTitle>
              {section.description ? <CardDescription>{section.description}</CardDescription> : null}
            </CardHeader>
            <CardContent>
              {group === 'oidc' ? (
                <LinkedAccounts ui={ui} />
              ) : (
                <FlowForm
                  ui={ui}
                  filter={(node) => node.group === group}
                  testId={`settings-${group}`}
                  compact
                />
              )}
            </CardContent>
          </Card>
        )
      })}
    </div>
  )
}
