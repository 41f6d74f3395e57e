import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { fakeThemeEnv } from '@/test/fakes'

import { createThemeController, readStoredTheme, resolveTheme, THEME_STORAGE_KEY } from './theme'
import { ThemeProvider } from './ThemeProvider'
import { useTheme } from './useTheme'

describe('theme logic', () => {
  it('resolves system to the OS preference and keeps explicit choices', () => {
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
  })

  it('defaults to system when nothing valid is stored or storage throws', () => {
    expect(readStoredTheme(fakeThemeEnv().env.storage)).toBe('system')
    expect(readStoredTheme(fakeThemeEnv({ stored: 'purple' }).env.storage)).toBe('system')
    const throwing = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => undefined,
    }
    expect(readStoredTheme(throwing)).toBe('system')
  })

  it('follows the system by default and applies the dark class', () => {
    const { env } = fakeThemeEnv({ systemDark: true })
    const controller = createThemeController(env)
    expect(controller.getSnapshot()).toEqual({ theme: 'system', resolved: 'dark' })
    expect(env.root.classList.contains('dark')).toBe(true)
    expect(env.root.style.colorScheme).toBe('dark')
  })

  it('lets a stored choice win over the system preference', () => {
    const { env } = fakeThemeEnv({ stored: 'light', systemDark: true })
    const controller = createThemeController(env)
    expect(controller.getSnapshot()).toEqual({ theme: 'light', resolved: 'light' })
    expect(env.root.classList.contains('dark')).toBe(false)
  })

  it('remembers a new choice in localStorage under interviewprep-theme', () => {
    const { env, values } = fakeThemeEnv()
    const controller = createThemeController(env)
    controller.setTheme('dark')
    expect(values.get(THEME_STORAGE_KEY)).toBe('dark')
    expect(env.root.classList.contains('dark')).toBe(true)
    controller.setTheme('light')
    expect(values.get(THEME_STORAGE_KEY)).toBe('light')
    expect(env.root.classList.contains('dark')).toBe(false)
  })

  it('reacts to prefers-color-scheme changes only while on system', () => {
    const { env, media } = fakeThemeEnv({ systemDark: false })
    const controller = createThemeController(env)
    media.set(true)
    expect(env.root.classList.contains('dark')).toBe(true)
    media.set(false)
    expect(env.root.classList.contains('dark')).toBe(false)

    controller.setTheme('dark')
    media.set(false)
    expect(env.root.classList.contains('dark')).toBe(true)

    controller.dispose()
    expect(media.listenerCount()).toBe(0)
  })
})

function Probe() {
  const { theme, resolved, setTheme } = useTheme()
  return (
    <div>
      <span data-testid="probe">{`${theme}/${resolved}`}</span>
      <button
        type="button"
        onClick={() => {
          setTheme('system')
        }}
      >
        system
      </button>
    </div>
  )
}

describe('useTheme', () => {
  it('re-renders when the system preference changes', () => {
    const { env, media } = fakeThemeEnv({ stored: 'dark', systemDark: false })
    const controller = createThemeController(env)
    render(
      <ThemeProvider controller={controller}>
        <Probe />
      </ThemeProvider>,
    )
    expect(screen.getByTestId('probe').textContent).toBe('dark/dark')

    act(() => {
      screen.getByRole('button', { name: 'system' }).click()
    })
    expect(screen.getByTestId('probe').textContent).toBe('system/light')

    act(() => {
      media.set(true)
    })
    expect(screen.getByTestId('probe').textContent).toBe('system/dark')
  })
})
