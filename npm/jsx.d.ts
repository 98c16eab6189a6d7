// React 19 JSX typing for the bare <api-tokens-tab> element: `import type {} from
// "api-tokens-tab/jsx"` once (api-tokens-tab/react includes it). React 19 sets a prop that is a
// property of the element as that property (`getAccessToken`, and `messages`, so in JSX it is
// the object, not the attribute's JSON) and every other prop as an attribute.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { AccessTokenGetter, ApiTokensCatalog } from "./api-tokens-tab.js";
import type { ApiTokensTabAttributes, ApiTokensTabElement } from "./element.js";

/** The props of `<api-tokens-tab>` in JSX. */
export type ApiTokensTabJsxProps = DetailedHTMLProps<HTMLAttributes<ApiTokensTabElement>, ApiTokensTabElement> &
  Omit<ApiTokensTabAttributes, "messages"> & {
    getAccessToken?: AccessTokenGetter | null;
    messages?: Record<string, ApiTokensCatalog> | null;
  };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "api-tokens-tab": ApiTokensTabJsxProps;
    }
  }
}
