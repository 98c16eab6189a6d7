// Starts the console's wasm from the files Trunk.toml's pattern_script names (a file, not an
// inline script: the reference backend's Content-Security-Policy forbids inline scripts).
const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
