// api-tokens-tab/react: <ApiTokensTab ...options />, a thin React wrapper of mountApiTokens.
// Mounts once (after the wasm loaded), update()s when a prop changes, unmounts on unmount;
// React's StrictMode effect, cleanup and effect again mounts one tab and leaves no handle behind.
import { createElement, useEffect, useRef, useState } from "react";
import init, { mountApiTokens } from "./api-tokens-tab.js";

// The wasm, loaded once per page. The tab always mounts a microtask after the effect, never in
// it: StrictMode's effect, cleanup and effect again (one synchronous commit) then mounts one
// tab, and the cancelled first effect never mounts one it would unmount in the same task (the
// tab is not ready to be unmounted before its first tasks have run).
let loading = null;
const ready = () => (loading ??= init());

// The options as the embed takes them. The host's functions are called through the latest
// props, so a new arrow function on every render costs no update().
function options(props, latest) {
  const { className: _c, style: _s, getAccessToken, onEvent, ...rest } = props;
  const o = { ...rest };
  if (getAccessToken) o.getAccessToken = () => latest.current.getAccessToken();
  if (onEvent) o.onEvent = (event) => latest.current.onEvent?.(event);
  return o;
}

// What update() follows: the options' values, and which functions there are.
function key(props) {
  const { className: _c, style: _s, getAccessToken, onEvent, ...rest } = props;
  return JSON.stringify([rest, !!getAccessToken, !!onEvent]);
}

export function ApiTokensTab(props) {
  const host = useRef(null);
  const handle = useRef(null);
  const latest = useRef(props);
  latest.current = props;
  // The key of the options the tab has now.
  const applied = useRef(null);
  // An error thrown into render reaches the host's error boundary.
  const [, fail] = useState(null);
  const raise = (error) =>
    fail(() => {
      throw error;
    });

  useEffect(() => {
    let cancelled = false;
    const mount = () => {
      if (cancelled) return;
      try {
        handle.current = mountApiTokens(host.current, options(latest.current, latest));
        applied.current = key(latest.current);
      } catch (error) {
        raise(error);
      }
    };
    ready().then(mount, (error) => {
      if (!cancelled) raise(new Error(`api-tokens-tab: the tab could not load (${error?.message ?? error})`));
    });
    return () => {
      cancelled = true;
      const h = handle.current;
      handle.current = null;
      if (h) {
        h.unmount();
        h.free();
      }
    };
  }, []);

  const k = key(props);
  useEffect(() => {
    if (!handle.current || applied.current === k) return;
    applied.current = k;
    try {
      handle.current.update(options(latest.current, latest));
    } catch (error) {
      raise(error);
    }
  }, [k]);

  return createElement("div", { ref: host, className: props.className, style: props.style });
}

export default ApiTokensTab;
