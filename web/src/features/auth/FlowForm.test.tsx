import { screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { browser } from '@/lib/browser'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { FlowForm } from './components/FlowForm'
import { loginFlowInvalidCredentials, recoveryFlowCodeSent, registrationFlowWeakPassword } from './fixtures'
import { LoginPage } from './LoginPage'
import { placeMessages } from './nodes'
import { RegistrationPage } from './RegistrationPage'
import { flowSchema } from './schema'

const loginId = loginFlowInvalidCredentials.id
const loginFlowUrl = `/auth/self-service/login/flows?id=${loginId}`

function renderLogin(flow: unknown, route = `/login?flow=${loginId}`) {
  stubFetch({ [loginFlowUrl]: () => jsonResponse(flow) })
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
    </Routes>,
    { route },
  )
}

/** The element wrapping one field: its label, input and messages. */
function fieldOf(input: Element): HTMLElement {
  const field = input.closest('div.space-y-2')
  if (!(field instanceof HTMLElement)) throw new Error('field wrapper not found')
  return field
}

function named(form: HTMLElement, name: string): HTMLInputElement {
  const input = form.querySelector(`input[name="${name}"]`)
  if (!(input instanceof HTMLInputElement)) throw new Error(`no input named ${name}`)
  return input
}

describe('Kratos flow renderer', () => {
  it('renders a login flow as a native POST form and puts the wrong-password error under the password field', async () => {
    renderLogin(loginFlowInvalidCredentials)

    const form = await screen.findByTestId('auth-form')
    expect(form.getAttribute('action')).toBe(loginFlowInvalidCredentials.ui.action)
    expect(form.getAttribute('method')).toBe('POST')
    expect(named(form, 'csrf_token').type).toBe('hidden')
    expect(named(form, 'csrf_token').value).toBe('csrf-token-from-kratos')
    expect(named(form, 'identifier').value).toBe('nobody@example.com')

    const password = named(form, 'password')
    expect(password.type).toBe('password')
    expect(password.required).toBe(true)
    expect(password.getAttribute('aria-invalid')).toBe('true')
    const message = within(fieldOf(password)).getByTestId('node-message')
    expect(message.getAttribute('data-for')).toBe('password')
    expect(message.getAttribute('data-type')).toBe('error')
    expect(message.textContent).toContain('The provided credentials are invalid')
    expect(password.getAttribute('aria-describedby')).toBe(message.parentElement?.id)
    // Moved, not copied: the flow-level list no longer holds it.
    expect(screen.queryByTestId('flow-message')).toBeNull()

    const submit = screen.getByTestId('submit-password')
    expect(submit.tagName).toBe('BUTTON')
    expect(submit.getAttribute('type')).toBe('submit')
    expect(submit.getAttribute('name')).toBe('method')
    expect(submit.getAttribute('value')).toBe('password')
    expect(submit.textContent).toBe('Sign in')
    expect(form.contains(submit)).toBe(true)
    expect(screen.getByTestId('link-recovery').getAttribute('href')).toBe('/recovery')
    expect(screen.getByTestId('link-registration').getAttribute('href')).toBe('/registration')
  })

  it('renders configured OIDC providers as "Continue with" buttons in their own form', async () => {
    renderLogin(loginFlowInvalidCredentials)

    const oidcForm = await screen.findByTestId('auth-form-oidc')
    expect(oidcForm.getAttribute('action')).toBe(loginFlowInvalidCredentials.ui.action)
    expect(named(oidcForm, 'csrf_token').value).toBe('csrf-token-from-kratos')
    expect(oidcForm.querySelector('input[name="password"]')).toBeNull()

    const expected = [
      ['github', 'Continue with GitHub'],
      ['google', 'Continue with Google'],
      ['mock', 'Continue with Acme SSO'],
    ] as const
    for (const [provider, label] of expected) {
      const button = within(oidcForm).getByTestId(`oidc-${provider}`)
      expect(button.getAttribute('type')).toBe('submit')
      expect(button.getAttribute('name')).toBe('provider')
      expect(button.getAttribute('value')).toBe(provider)
      expect(button.textContent).toBe(label)
      expect(button.querySelector('svg')).not.toBeNull()
    }
    // The main form holds no provider buttons.
    expect(within(screen.getByTestId('auth-form')).queryByRole('button', { name: /Continue with/ })).toBeNull()
  })

  it('shows no provider buttons when Kratos offers none', async () => {
    const withoutOidc = {
      ...loginFlowInvalidCredentials,
      ui: { ...loginFlowInvalidCredentials.ui, nodes: loginFlowInvalidCredentials.ui.nodes.filter((n) => n.group !== 'oidc') },
    }
    renderLogin(withoutOidc)

    await screen.findByTestId('auth-form')
    expect(screen.queryByTestId('auth-form-oidc')).toBeNull()
    expect(screen.queryByTestId(/^oidc-/)).toBeNull()
    expect(screen.queryByText(/Continue with/)).toBeNull()
    expect(screen.queryByText('or with email')).toBeNull()
  })

  it('shows a node message next to its field and orders sign-up fields email, name, password', () => {
    const flow = flowSchema.parse(registrationFlowWeakPassword)
    renderWithProviders(<FlowForm ui={placeMessages(flow.ui)} filter={(node) => node.group !== 'oidc'} />)

    const form = screen.getByTestId('auth-form')
    const password = named(form, 'password')
    const message = within(fieldOf(password)).getByTestId('node-message')
    expect(message.getAttribute('data-for')).toBe('password')
    expect(message.textContent).toBe('The password must be at least 8 characters long, but got 5.')
    expect(named(form, 'traits.email').value).toBe('ada@example.com')
    expect(named(form, 'traits.email').type).toBe('email')

    const visible = Array.from(form.querySelectorAll('input:not([type=hidden])')).map((input) => input.getAttribute('name'))
    expect(visible).toEqual(['traits.email', 'traits.name', 'traits.picture', 'password'])
    expect(screen.getByTestId('submit-password').textContent).toBe('Sign up')
  })

  it('leaves the optional picture out of the sign-up page', async () => {
    const id = registrationFlowWeakPassword.id
    stubFetch({ [`/auth/self-service/registration/flows?id=${id}`]: () => jsonResponse(registrationFlowWeakPassword) })
    renderWithProviders(
      <Routes>
        <Route path="/registration" element={<RegistrationPage />} />
      </Routes>,
      { route: `/registration?flow=${id}` },
    )
    const form = await screen.findByTestId('auth-form')
    expect(form.querySelector('input[name="traits.picture"]')).toBeNull()
    expect(named(form, 'traits.name').value).toBe('Ada')
    expect(screen.getByTestId('oidc-github').textContent).toBe('Continue with GitHub')
  })

  it('lets "Resend code" skip the required code field, but not the main button', () => {
    const flow = flowSchema.parse(recoveryFlowCodeSent)
    renderWithProviders(<FlowForm ui={placeMessages(flow.ui)} />)

    expect(named(screen.getByTestId('auth-form'), 'code').required).toBe(true)
    expect(screen.getByTestId<HTMLButtonElement>('submit-code').formNoValidate).toBe(false)
    const resend = screen.getByTestId<HTMLButtonElement>('submit-code-email')
    expect(resend.formNoValidate).toBe(true)
    expect(resend.value).toBe('ada@example.com')
    expect(resend.textContent).toBe('Resend code')
  })

  it('starts a new flow, keeping return_to, when the page has no flow or the flow expired', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined)
    const first = renderLogin(loginFlowInvalidCredentials, '/login?return_to=http%3A%2F%2Flocalhost%3A3000%2Fsettings')
    await vi.waitFor(() => {
      expect(assign).toHaveBeenCalledWith(
        '/auth/self-service/login/browser?return_to=http%3A%2F%2Flocalhost%3A3000%2Fsettings',
      )
    })
    first.unmount()

    assign.mockClear()
    stubFetch({
      [loginFlowUrl]: () => jsonResponse({ error: { id: 'self_service_flow_expired', code: 410, reason: 'expired' } }, 410),
    })
    renderWithProviders(
      <Routes>
        <Route path="/login" element={<LoginPage />} />
      </Routes>,
      { route: `/login?flow=${loginId}` },
    )
    await vi.waitFor(() => {
      expect(assign).toHaveBeenCalledWith('/auth/self-service/login/browser')
    })
  })
})
