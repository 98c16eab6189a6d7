// Starts the standalone app. Trunk's own loader is an inline <script>, which the strict
// Content-Security-Policy the backend sends forbids; Trunk.toml's pattern_script points here
// instead, with the hashed file names in data attributes.
const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
