// Types of `api-tokens-tab/react`. Importing it also types the bare <api-tokens-tab> in JSX.
import type { CSSProperties, JSX } from "react";
import type { ApiTokensOptions } from "./api-tokens-tab.js";
import type {} from "./jsx.js";

/**
 * The options of `mountApiTokens` as props (exactly one of `accessToken` and `getAccessToken`),
 * and the host `<div>`'s `className` and `style`. A prop change calls `update()`; a new
 * `getAccessToken` or `onEvent` function on each render does not.
 */
export type ApiTokensTabProps = ApiTokensOptions & {
  className?: string;
  style?: CSSProperties;
};

/**
 * The API Tokens tab. An invalid option is thrown into rendering, for the nearest error
 * boundary.
 */
export declare function ApiTokensTab(props: ApiTokensTabProps): JSX.Element;
export default ApiTokensTab;
