/* global module */
/**
 * The architecture's rules (README, "Architecture"), checked by `npm run lint` and so by CI:
 * domain/ is pure, app/ is the only door to the database, slack/ and mail/ are sibling adapters,
 * the sandbox plays Slack from outside the app, and nothing goes round in a cycle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ owns the rules and imports nothing of ours outside itself (node built-ins and npm packages are fine).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'app-knows-no-adapter',
      comment: 'app/ never imports slack/ or mail/: the adapters register with app/ at start-up (server.ts).',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(slack|mail|teams)/' },
    },
    {
      name: 'app-is-handed-the-register',
      comment: 'app/ never imports register/: the enterprise register is a port (app/ports.ts) that server.ts hands app/, as mail is.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/register/' },
    },
    {
      name: 'adapters-go-through-app',
      comment: 'slack/ and mail/ never import db/, not even types: they call app/ (row types via app/rows.ts).',
      severity: 'error',
      from: { path: '^src/(slack|mail|teams)/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'adapters-are-siblings',
      comment: 'slack/ and mail/ stand side by side under server.ts: what one needs of the other goes through app/ (e.g. the confirmation preview).',
      severity: 'error',
      from: { path: '^src/(slack|mail|teams)/' },
      to: { path: '^src/(slack|mail|teams)/', pathNot: '^src/$1/' },
    },
    {
      name: 'sandbox-plays-slack',
      comment: 'The sandbox plays Slack for the app; it is not the app, so it reaches neither app/ nor db/.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(app|db)/' },
    },
    {
      name: 'no-cycles',
      comment: 'A type-only import back is no cycle at run time (the sandbox names the types of the server that starts it).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: an adapter that imports a db/ type depends on db/.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
