import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

const weakenedSecurity = [
  {
    selector: "Property[key.name='nodeIntegration'][value.value=true]",
    message: 'nodeIntegration must stay off (RELIABILITY.md §1).',
  },
  {
    selector: "Property[key.name='contextIsolation'][value.value=false]",
    message: 'contextIsolation must stay on.',
  },
  { selector: "Property[key.name='sandbox'][value.value=false]", message: 'sandbox must stay on.' },
  { selector: "Property[key.name='webSecurity'][value.value=false]", message: 'webSecurity must stay on.' },
  {
    selector: "Property[key.name='allowRunningInsecureContent'][value.value=true]",
    message: 'allowRunningInsecureContent must stay off.',
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.native/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    files: ['**/*.{ts,mts,vue}'],
    rules: {
      'no-restricted-syntax': ['error', ...weakenedSecurity],
      // TypeScript (tsc / vue-tsc) already reports undefined names, with the right globals per file.
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
    },
  },
  {
    // The renderer never reaches Node or Electron: everything goes through the API client.
    files: ['src/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'child_process', 'electron', 'better-sqlite3', 'os', 'crypto'].map(
            (name) => ({
              name,
              message: 'Renderer code must not import Node or Electron modules.',
            }),
          ),
          patterns: [
            { group: ['node:*'], message: 'Renderer code must not import Node modules.' },
            {
              group: ['**/electron/core/*', '!**/electron/core/shared', '!**/electron/core/contract-types'],
              message:
                'Import only electron/core/shared/* or type-only electron/core/contract-types from the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core stays free of Electron and Vue (ARCHITECTURE.md boundary 1).
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'vue', 'pinia'] }],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'bin/**/*.js', '*.config.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
