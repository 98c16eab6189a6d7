// React 19 JSX typing for the bare <api-tokens-tab> element: `import type {} from
// "api-tokens-tab/jsx"` once (api-tokens-tab/react includes it). React 19 sets `getAccessToken`
// as the element's property (it is one) and every other prop as an attribute.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { AccessTokenGetter } from "./api-tokens-tab.js";
import type { ApiTokensTabAttributes, ApiTokensTabElement } from "./element.js";

/** The props of `<api-tokens-tab>` in JSX. */
export type ApiTokensTabJsxProps = DetailedHTMLProps<HTMLAttributes<ApiTokensTabElement>, ApiTokensTabElement> &
  ApiTokensTabAttributes & {
    getAccessToken?: AccessTokenGetter | null;
  };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "api-tokens-tab": ApiTokensTabJsxProps;
    }
  }
}
