// wasm-bindgen's loader, started from a file: the backend's Content-Security-Policy forbids
// inline script.
import init from './leptos-floor.js';
await init({ module_or_path: new URL('leptos-floor_bg.wasm', import.meta.url) });
