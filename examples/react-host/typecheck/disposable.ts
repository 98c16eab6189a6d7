// With TypeScript's esnext.disposable lib, a handle is Disposable: `using` frees it at the end of
// its block (npm/test/types.test.mjs checks this file with and without that lib).
import { mountApiTokens } from "api-tokens-tab";

export function scoped(el: HTMLElement): void {
  using tab = mountApiTokens(el, { getAccessToken: () => "jwt" });
  tab.update({ theme: "dark", getAccessToken: () => "jwt" });
}
