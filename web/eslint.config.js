import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import reactRefresh from 'eslint-plugin-react-refresh'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig([
  globalIgnores(['dist', 'node_modules']),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      reactHooks.configs.flat['recommended-latest'],
      reactRefresh.configs.vite,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // The call's libraries load only with the room (React.lazy in App.tsx; DESIGN §7 keeps the dashboard's first
    // load small). Only the room's lazy modules may import them, and nothing outside features/room imports those
    // modules statically (features/room/README.md lists which room modules are safe everywhere).
    files: ['src/**/*.{ts,tsx}'],
    ignores: [
      'src/features/room/RoomPage.tsx',
      'src/features/room/components/**',
      'src/features/room/hooks/**',
      'src/features/room/preview.ts',
      'src/features/room/disconnect.ts',
      'src/features/room/deviceToast.ts',
      'src/features/room/connect.ts',
      'src/features/room/firstFrame.ts',
      'src/features/room/earlyVideo.ts',
      'src/features/room/**/*.test.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'livekit-client',
                '@livekit/*',
                '@/features/room/RoomPage',
                '@/features/room/components/*',
                '!@/features/room/components/ChatMessageList',
                '@/features/room/hooks/*',
                '@/features/room/preview',
                '@/features/room/disconnect',
                '@/features/room/deviceToast',
                '@/features/room/connect',
                '@/features/room/firstFrame',
                '@/features/room/earlyVideo',
              ],
              message: 'LiveKit stays in the room\'s lazy chunk: import it only from features/room\'s lazy modules (see features/room/README.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // components-react's useConnectionState can miss the change to "connected" (hooks/useCallConnectionState.ts).
    // Only the lazy modules (the block above lets them import LiveKit); the others keep that block's rule.
    files: [
      'src/features/room/RoomPage.tsx',
      'src/features/room/components/**',
      'src/features/room/hooks/**',
      'src/features/room/connect.ts',
    ],
    ignores: ['src/features/room/components/ChatMessageList.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@livekit/components-react',
              importNames: ['useConnectionState'],
              message: 'Use hooks/useCallConnectionState: this one can stay on "connecting" after the room connected.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/room/components/ChatMessageList.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['livekit-client', '@livekit/*'], message: 'The interview page uses this list: no LiveKit here.' }] }],
    },
  },
  {
    files: ['**/*.js'],
    ignores: ['public/sw.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['public/sw.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.serviceworker },
  },
])
