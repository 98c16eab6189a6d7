// wasm-bindgen's loader, started from a file (the backend's Content-Security-Policy forbids
// inline script). Like the tab's loader (public/boot.js), it sends the first load's eight calls
// while the wasm downloads and compiles; the wasm takes their answers (src/main.rs).
const API = '/frontegg/identity/resources/';
const wave = {};
globalThis.__leptosFloorWave = wave;
fetch('/config.json')
  .then((r) => r.json())
  .then(({ accessToken }) => {
    const headers = { authorization: `Bearer ${accessToken}` };
    for (const path of ['configurations/v1/public', 'roles/v1', 'users/v2/me', 'users/v1/me/authorization',
      'tenants/api-tokens/v1', 'tenants/access-tokens/v1', 'users/api-tokens/v1', 'users/access-tokens/v1']) {
      wave[path] = fetch(API + path, { headers });
      wave[path].catch(() => {});
    }
  });
const { default: init } = await import('./leptos-floor.js');
await init({ module_or_path: new URL('leptos-floor_bg.wasm', import.meta.url) });
