// A stock OpenID Connect client outside Java: the openid-client package, driven by OidcNodeClientTest.
// Prints the authorization URL as one JSON line, reads back the URL the browser was redirected to,
// then redeems the code (PKCE), reads userinfo, refreshes, and prints what it got as one JSON line.
import * as client from 'openid-client';
import { createInterface } from 'node:readline';

const [issuer, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined,
    { execute: [client.allowInsecureRequests] }); // the test server speaks plain http on loopback

const codeVerifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorize = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid email offline_access',
  code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
  code_challenge_method: 'S256',
  state,
  nonce,
});
console.log(JSON.stringify({ authorize: authorize.href }));

const lines = createInterface({ input: process.stdin });
const callback = await new Promise((resolve) => lines.once('line', resolve));
lines.close();

const tokens = await client.authorizationCodeGrant(config, new URL(callback),
    { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce });
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
console.log(JSON.stringify({
  sub: claims.sub,
  email: claims.email,
  amr: claims.amr,
  userinfo,
  refreshedSub: refreshed.claims().sub,
  refreshRotated: refreshed.refresh_token !== tokens.refresh_token,
}));
