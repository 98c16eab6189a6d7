// The package's hand-written TypeScript declarations, held to what hosts write: `tsc --noEmit
// --strict` against the api-tokens-tab package as installed from the packed tarball into
// examples/react-host (scripts/package), on
// - a valid host file (examples/react-host/typecheck/valid.tsx) that must compile,
// - wrong ones that must each fail, with the error the mistake deserves, and only that one,
// - the TypeScript snippets of the README's quick start and docs/embedding.md, which must compile.
// Run by scripts/test's `package` stage, after the build stage built and installed the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOST = join(ROOT, 'examples/react-host');
const SAMPLES = join(HOST, 'typecheck');
const TSC = join(ROOT, 'node_modules/.bin/tsc');

// A vendor's strict project as it may well be: `lib` only ES2022 and the DOM (no
// `esnext.disposable`, no `DOM.Iterable`), and the libraries' .d.ts checked too.
const OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  module: 'ESNext',
  moduleResolution: 'bundler',
  jsx: 'react-jsx',
  isolatedModules: true,
  // The package's .d.ts are checked too, not skipped.
  skipLibCheck: false,
  types: [],
};

// Runs tsc --strict on `files` (absolute paths), with OPTIONS and `options` over them; answers
// its exit code and its error lines.
function tsc(files, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'att-tsc-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...OPTIONS, ...options }, files }));
  return new Promise((done) => {
    execFile(TSC, ['-p', config, '--pretty', 'false'], { cwd: HOST }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const out = `${stdout}${stderr}`;
      done({
        code: error ? error.code ?? 1 : 0,
        out,
        // Each error with its indented lines of detail.
        errors: out
          .split(/\n(?=\S)/)
          .filter((e) => / error TS\d+:/.test(e))
          .map((e) => e.replace(/\s+/g, ' ')),
      });
    });
  });
}

test('the package is installed from the tarball where the samples resolve it', () => {
  const pkg = JSON.parse(readFileSync(join(HOST, 'node_modules/api-tokens-tab/package.json'), 'utf8'));
  assert.equal(pkg.name, 'api-tokens-tab');
  assert.ok(existsSync(join(HOST, 'node_modules/api-tokens-tab/api-tokens-tab.d.ts')));
});

// Every sample's tsc starts at once (each run is a process of its own); the tests await them.
const checked = new Map();
const checkOf = (file) => {
  if (!checked.has(file)) checked.set(file, tsc([join(SAMPLES, file)]));
  return checked.get(file);
};

test('a valid host file type-checks under --strict', async () => {
  const r = await checkOf('valid.tsx');
  assert.equal(r.code, 0, `tsc failed on valid.tsx:\n${r.out}`);
  assert.deepEqual(r.errors, []);
});

test('with the esnext.disposable lib the handle is Disposable: `using` frees it', async () => {
  const lib = { lib: ['ES2022', 'DOM', 'ESNext.Disposable'] };
  const r = await tsc([join(SAMPLES, 'disposable.ts')], lib);
  assert.equal(r.code, 0, `tsc failed on disposable.ts:\n${r.out}`);
  // And the valid host file under that lib too (the global Disposable is TypeScript's own).
  const valid = await tsc([join(SAMPLES, 'valid.tsx')], lib);
  assert.equal(valid.code, 0, `tsc failed on valid.tsx with esnext.disposable:\n${valid.out}`);
  // Without it, `using` is what fails (no global Disposable), not the package's .d.ts.
  const without = await tsc([join(SAMPLES, 'disposable.ts')]);
  assert.notEqual(without.code, 0, 'using needs the lib');
  assert.match(without.out, /error TS2318: Cannot find global type 'Disposable'/);
  assert.doesNotMatch(without.out, /api-tokens-tab\.d\.ts/, 'the package type-checks without it');
});

// Each wrong file and the one error it must fail with: the code and a part of the message.
const WRONG = [
  ['wrong-option-name.ts', /error TS(2353|2561):.*'baseURL' does not exist.*Did you mean to write 'baseUrl'/],
  ['wrong-option-type.ts', /error TS2322: Type '"neon"' is not assignable to type 'Theme/],
  ['missing-token-source.ts', /error TS2345:.*Property '(accessToken|getAccessToken)' is missing/],
  ['both-token-sources.ts', /error TS2345:.*Types of property '(accessToken|getAccessToken)' are incompatible/],
  ['wrong-getter.ts', /error TS2322:.*'AccessTokenGetter'.*Type 'number' is not assignable to type 'string'/],
  ['wrong-event-field.ts', /error TS2339: Property 'alreadyGone' does not exist on type 'TokenCreatedEvent'/],
  ['wrong-message-key.ts', /error TS(2353|2561):.*'titel' does not exist/],
  ['wrong-plural-forms.ts', /error TS2322:.*Property 'other' is missing/],
  ['wrong-react-prop.tsx', /error TS2322: Type 'string' is not assignable to type 'number'/],
  ['wrong-element-messages.tsx', /error TS2322: Type 'string' is not assignable to type 'Record<string, ApiTokensCatalog>'/],
  ['wrong-element-attribute.tsx', /error TS2322:.*Property 'baseurl' does not exist on type 'ApiTokensTabJsxProps'/],
];

for (const [file] of WRONG) checkOf(file);
for (const [file, expected] of WRONG) {
  test(`${file} fails to type-check, for its mistake only`, async () => {
    const r = await checkOf(file);
    assert.notEqual(r.code, 0, `tsc accepted ${file}`);
    assert.equal(r.errors.length, 1, `exactly one error in ${file}:\n${r.out}`);
    assert.match(r.errors[0], expected, `the error in ${file}`);
  });
}

// The TypeScript snippets (```ts and ```tsx) of the README's quick start and of
// docs/embedding.md, each as a file.
function readmeSnippets() {
  return ['README.md', 'docs/embedding.md'].flatMap((page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    return [...text.matchAll(/```(tsx?)\n([\s\S]*?)```/g)].map((m) => ({ page, ext: m[1], code: m[2] }));
  });
}

test("the TypeScript snippets of the README and docs/embedding.md type-check", async () => {
  const snippets = readmeSnippets();
  for (const page of ['README.md', 'docs/embedding.md']) {
    assert.ok(snippets.some((s) => s.page === page), `${page} has TypeScript snippets`);
  }
  assert.ok(snippets.length >= 4, `TypeScript snippets found: ${snippets.length}`);
  const files = snippets.map((s, i) => {
    const file = join(SAMPLES, `.readme-${i + 1}.${s.ext}`);
    // A module of its own, so snippets do not clash.
    writeFileSync(file, `${s.code}\nexport {};\n`);
    return file;
  });
  try {
    const results = await Promise.all(files.map((file) => tsc([file, join(SAMPLES, 'host-globals.d.ts')])));
    for (const [i, file] of files.entries()) {
      const r = results[i];
      assert.equal(r.code, 0, `the snippet ${file.split('/').pop()} (of ${snippets[i].page}) does not type-check:\n${r.out}\n${readFileSync(file, 'utf8')}`);
    }
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
});
