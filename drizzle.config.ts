import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` is used: migrations are committed and applied by the app at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
