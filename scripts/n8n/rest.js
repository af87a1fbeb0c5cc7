'use strict';
/**
 * Small HTTP helpers for a running n8n (Node >= 20 global fetch; no dependencies).
 *
 *   const s = await setupOwner(url);                 // fresh instance: create the owner, logged in
 *   const s = await login(url, { email, password });  // existing owner
 *   await s.request('GET', '/rest/login');            // internal REST API with the auth cookie
 *   const apiKey = await createApiKey(s);              // public API key (all scopes the owner may have)
 *   const api = publicApi(url, apiKey);
 *   await api('POST', '/credentials', { name, type, data });
 */
const crypto = require('crypto');

const DEFAULT_OWNER = Object.freeze({
  email: 'owner@example.com',
  firstName: 'Test',
  lastName: 'Owner',
  password: 'Passw0rd!Test', // n8n wants 8+ chars, a number and an uppercase letter
});

async function parse(res) {
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return body;
}

/** A cookie session on the internal /rest API. n8n ties its auth cookie to the `browser-id` header. */
function session(url) {
  const browserId = crypto.randomUUID();
  let cookie = '';
  async function request(method, path, body, { expect } = {}) {
    const headers = { 'browser-id': browserId, accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair.startsWith('n8n-auth=')) cookie = pair;
    }
    const data = await parse(res);
    if (expect !== undefined && res.status !== expect) {
      throw new Error(`${method} ${path}: HTTP ${res.status} (expected ${expect}): ${JSON.stringify(data).slice(0, 500)}`);
    }
    return { status: res.status, data };
  }
  return {
    url,
    browserId,
    request,
    get cookie() {
      return cookie;
    },
  };
}

/** Creates the instance owner on a fresh n8n; resolves to a logged-in session (+ .owner). */
async function setupOwner(url, owner = DEFAULT_OWNER) {
  const s = session(url);
  await s.request('POST', '/rest/owner/setup', { ...owner }, { expect: 200 });
  if (!s.cookie) await s.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password }, { expect: 200 });
  s.owner = owner;
  return s;
}

/** Logs in; resolves to a session with the auth cookie. */
async function login(url, { email, password } = DEFAULT_OWNER) {
  const s = session(url);
  await s.request('POST', '/rest/login', { emailOrLdapLoginId: email, password }, { expect: 200 });
  return s;
}

/**
 * Creates a public-API key (X-N8N-API-KEY) with every scope the logged-in user may grant.
 * Resolves to the raw key string.
 */
async function createApiKey(s, { label = `test-${Date.now()}`, scopes } = {}) {
  if (!scopes) {
    const r = await s.request('GET', '/rest/api-keys/scopes', undefined, { expect: 200 });
    scopes = r.data.data;
  }
  const r = await s.request('POST', '/rest/api-keys', { label, scopes, expiresAt: null }, { expect: 200 });
  const key = r.data.data && (r.data.data.rawApiKey || r.data.data.apiKey);
  if (!key) throw new Error(`no key in /rest/api-keys answer: ${JSON.stringify(r.data).slice(0, 300)}`);
  return key;
}

/** A function (method, path, body) -> {status, data} for the public API at <url>/api/v1. */
function publicApi(url, apiKey) {
  return async (method, path, body) => {
    const headers = { 'X-N8N-API-KEY': apiKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, data: await parse(res) };
  };
}

module.exports = { session, setupOwner, login, createApiKey, publicApi, DEFAULT_OWNER };
