// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // The domain is pure: no Nest, no Node built-ins, no I/O libraries, no `any`.
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'libs/domain is pure: no Nest.' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'net', 'http', 'os', 'crypto'], message: 'libs/domain is pure: no I/O.' },
            { group: ['better-sqlite3', '@grpc/*', '@berth/*'], message: 'libs/domain depends on nothing.' },
          ],
        },
      ],
    },
  },
);
