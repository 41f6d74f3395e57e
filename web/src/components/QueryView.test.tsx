import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { QueryView } from './QueryView'

function Page({ fetcher }: { fetcher: () => Promise<string> }) {
  const query = useQuery({ queryKey: ['x'], queryFn: fetcher, retry: false })
  return (
    <QueryView query={query} loadingLabel="Loading things">
      {(data) => <p>got {data}</p>}
    </QueryView>
  )
}

function renderPage(fetcher: () => Promise<string>) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Page fetcher={fetcher} />
    </QueryClientProvider>,
  )
}

describe('QueryView', () => {
  it('shows loading rows, then the data', async () => {
    let resolve: (v: string) => void = () => {}
    renderPage(() => new Promise<string>((r) => (resolve = r)))
    expect(screen.getByLabelText('Loading things')).toBeTruthy()
    resolve('apples')
    expect(await screen.findByText('got apples')).toBeTruthy()
  })

  it('shows the error with a retry', async () => {
    renderPage(() => Promise.reject(new Error('the shelf is empty')))
    expect(await screen.findByText('the shelf is empty')).toBeTruthy()
    expect(screen.getByRole('button', { name: /try again/i })).toBeTruthy()
  })
})
