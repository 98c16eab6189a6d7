// Must not compile: an option the tab does not have (baseURL for baseUrl).
import { mountApiTokens } from "api-tokens-tab";

mountApiTokens(document.body, { baseURL: "https://api.example.com", accessToken: "jwt" });
