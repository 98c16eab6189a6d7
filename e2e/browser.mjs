// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser), the server URL from scripts/test, and where screenshots go.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BASE_URL = process.env.ATT_E2E_URL;
if (!BASE_URL) {
  throw new Error('ATT_E2E_URL is not set: run the e2e tests through scripts/test');
}

export const ARTIFACTS = process.env.ATT_E2E_ARTIFACTS ?? 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function screenshotPath(name) {
  return join(ARTIFACTS, `${name}.png`);
}

// Exchanges client credentials at the backend; answers the JWT (200), or null when refused
// (exactly 401: the backend's one answer for unknown, wrong or deleted credentials). Anything
// else (a 429 from the rate limit, a 500) is not a refusal and throws, naming the status.
export async function exchange(clientId, secret) {
  const resp = await fetch(BASE_URL + '/frontegg/identity/resources/auth/v2/api-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, secret }),
  });
  if (resp.status === 200) {
    const jwt = (await resp.json()).access_token;
    if (typeof jwt !== 'string' || jwt === '') throw new Error('exchange: 200 without an access_token');
    return jwt;
  }
  if (resp.status === 401) return null;
  throw new Error(`exchange: expected 200 or 401 (refused), got ${resp.status} ${await resp.text()}`);
}
