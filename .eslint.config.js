// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.data', 'migrations', 'dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // app/ is the only door to the database, in fact as well as on import (dependency-cruiser checks
    // imports): adapters hand `ports` to use cases and never reach for `ports.db` themselves.
    files: ['src/slack/**', 'src/mail/**', 'src/teams/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='db'][object.name='ports'], MemberExpression[property.name='db'][object.property.name='ports']", message: 'Adapters call use cases in app/ with ports; they never use ports.db.' },
        { selector: "TSIndexedAccessType[indexType.literal.value='db']", message: "Adapters never take Ports['db']: they call use cases in app/." },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: { 'no-console': 'off' },
  },
);
