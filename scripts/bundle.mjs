// @ts-check
/**
 * The production bundle (`npm run build`, after tsc): the app and the pure-JS packages it loads at
 * start-up in one file each, because start-up is mostly Node finding, reading and compiling ~950
 * modules one by one. Bundled, the app starts in about 0.9-1.0× the time of bare Bolt instead of
 * 1.6× (npm run bench, start-up; issue 12). tsc's per-file output stays the type-checked build.
 *
 * Left out (loaded from node_modules when used): packages with files or native code beside them
 * (PGlite's WebAssembly, resvg), the chart and mail packages that load lazily, and the sandbox
 * (its pages sit beside its module), which resolves to tsc's output next to the bundle.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';

// The Teams SDK too: loaded only when Teams is configured (src/server.ts).
// drizzle's PGlite driver too: bundled, its static import of PGlite would be hoisted to the bundle's top
// and loaded with PostgreSQL as well (src/db/client.ts imports the driver only for PGlite).
const external = ['@electric-sql/pglite', 'drizzle-orm/pglite', 'drizzle-orm/pglite/*', '@resvg/resvg-js', 'vega', 'vega-lite', 'nodemailer', 'nodemailer/*', 'mailparser', '@microsoft/teams.apps', '@microsoft/teams.api', '@microsoft/teams.cards'];

/** `import('./sandbox/index.js')` stays an import of dist/src/sandbox/index.js (tsc's output). */
const sandboxBesideBundle = {
  name: 'sandbox-beside-bundle',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    b.onResolve({ filter: /^\.\/sandbox\/index\.js$/ }, (a) => ({ path: a.path, external: true }));
  },
};

const result = await build({
  write: false,
  entryPoints: {
    // Beside tsc's dist/src/main.js, so that relative paths (migrations, the sandbox) resolve the same.
    'dist/src/main.bundle': 'src/main.ts',
    // What `npm run bench` starts: the same bundle around the bench's own entry.
    'dist/test/bench/appProcess.bundle': 'test/bench/appProcess.ts',
  },
  outdir: '.',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  plugins: [sandboxBesideBundle],
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// esbuild escapes non-ASCII characters in code (its default charset), but not in the comments it keeps.
// One such character makes V8 hold the whole 5 MB source as UTF-16, twice the memory (about 5 MB of
// idle RSS; npm run bench): escaped, the source stays one byte per character. Only comments change.
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  // Written aside, then renamed: a process starting the bundle meanwhile (CI's two passes each build it)
  // reads the old file or the new one, never half of one.
  const aside = `${file.path}.${process.pid}.tmp`;
  writeFileSync(aside, file.text.replace(/[^\t\n\r\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`));
  renameSync(aside, file.path);
}
