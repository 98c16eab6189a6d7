// What bench/run.mjs and bench/backend.mjs both need: quantiles, the API's calls as a user, and
// Acme's account tokens topped up to a count through the API.

export const PASSWORD = 'acme-demo-password';

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
export const ms = (x) => `${x.toFixed(1)} ms`;

// The identity API under `base` (the backend's origin).
export const apiOf = (base) => `${base}/frontegg/identity/resources`;

// A demo user's access token.
export async function signIn(base, email) {
  const r = await fetch(`${apiOf(base)}/auth/v1/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status}`);
  return (await r.json()).accessToken;
}

// One API call as `jwt`; its JSON answer (null for none), or an error naming it.
export async function call(base, jwt, method, path, body) {
  const r = await fetch(`${apiOf(base)}/${path}`, {
    method,
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

// Acme's account tokens topped up to `count` by its admin (`jwt`), 8 creates in parallel;
// answers how many were created and in how many seconds.
export async function seedAccountTokens(base, jwt, count) {
  const viewer = (await call(base, jwt, 'GET', 'roles/v1')).find((r) => r.name === 'Viewer').id;
  const created = count - (await call(base, jwt, 'GET', 'tenants/api-tokens/v1')).length;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < created) {
        const i = next++;
        await call(base, jwt, 'POST', 'tenants/api-tokens/v2', {
          description: `bench token ${String(i).padStart(5, '0')}`,
          roleIds: [viewer],
        });
      }
    }),
  );
  return { created, secs: (performance.now() - started) / 1000 };
}
