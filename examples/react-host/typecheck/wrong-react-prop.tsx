// Must not compile: the wrapper's requestTimeoutMs is a number.
import { ApiTokensTab } from "api-tokens-tab/react";

export const Tab = () => <ApiTokensTab accessToken="jwt" requestTimeoutMs="5000" />;
