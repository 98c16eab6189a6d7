// Must not compile: getAccessToken answering a number.
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { getAccessToken: async () => 42 });
