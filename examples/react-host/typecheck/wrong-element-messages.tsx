// Must not compile: in JSX, React 19 sets `messages` as the element's property, an object (the
// attribute's JSON string would reach the tab as a string).
import type {} from "api-tokens-tab/jsx";

export const Tab = () => <api-tokens-tab messages='{"en":{"title":"API keys"}}' />;
