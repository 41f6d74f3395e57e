import { useState } from 'react'

import { cn } from '@/lib/utils'

import { languageLabels } from '../present'
import { LANGUAGES, type Language, type Starter } from '../schema'

/** The starter code per language, read-only (the interview's editor arrives with the collaboration issue). */
export function StarterTabs({ starter }: { starter: Starter }) {
  const [lang, setLang] = useState<Language>('javascript')
  return (
    <div className="overflow-hidden rounded-lg border">
      <div role="tablist" aria-label="Starter code language" className="flex border-b bg-muted/40">
        {LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            id={`starter-tab-${l}`}
            aria-selected={lang === l}
            aria-controls="starter-panel"
            data-testid={`starter-tab-${l}`}
            className={cn(
              '-mb-px border-b-2 px-4 py-2 text-sm font-medium transition-colors',
              lang === l ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
            onClick={() => {
              setLang(l)
            }}
          >
            {languageLabels[l]}
          </button>
        ))}
      </div>
      <pre
        id="starter-panel"
        role="tabpanel"
        aria-labelledby={`starter-tab-${lang}`}
        data-testid="starter-code"
        data-lang={lang}
        tabIndex={0}
        className="max-h-[28rem] overflow-auto p-4 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <code>{starter[lang]}</code>
      </pre>
    </div>
  )
}
