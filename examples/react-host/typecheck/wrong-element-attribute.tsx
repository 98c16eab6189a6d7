// Must not compile: <api-tokens-tab> has base-url, not baseurl.
import "api-tokens-tab/element";
import type {} from "api-tokens-tab/jsx";

export const Tab = () => <api-tokens-tab baseurl="https://api.example.com" />;
