// twitter-api-v2 (npm, by plhery), unchanged, against a Roost test server.
//
//   node roost_client.mjs '<json>'
//
// The JSON argument names a scenario, the keys and the server ({"scenario": "...", "server":
// "http://127.0.0.1:PORT", ...}); the script prints one JSON object, its last line of stdout,
// that tests/clients/test_node_client.py asserts on. Each step of a scenario is recorded as
// {"ok": value} or {"error": {...}} (the client's ApiResponseError: HTTP code and parsed body),
// and a failing step does not stop the ones after it.
//
// How the client reaches the test server. twitter-api-v2 has fixed https URLs
// (https://api.x.com/2/, /1.1/, /oauth/..., /2/oauth2/..., https://x.com/i/oauth2/authorize)
// and sends every request with Node's https.request. It takes one transport setting of its
// own, `httpAgent` (TwitterApi's second argument, passed on to every client it derives:
// login(), loginWithOAuth2(), refreshOAuth2Token()), and hands it to https.request as
// `agent`. The agent below is an https.Agent whose only change is createConnection: instead
// of a TLS connection to api.x.com:443 it opens a plain TCP connection to the test server.
// Everything above the socket is the client's own: the URL, the OAuth 1.0a signature made
// for https://api.x.com/..., the Host header (api.x.com), the body and its content type, and
// how it parses the answer (it reads /oauth/ answers as forms because the URL is
// https://api.x.com/oauth/...). Roost accepts signatures made for Twitter's hosts, so nothing
// is re-signed. Rewriting the URL instead (a plugin's onBeforeRequest) would change what the
// client parses and signs, and https.request refuses an http: URL anyway. The agent refuses
// any host that is not Twitter's, so no request can leave the machine.

import https from 'node:https';
import net from 'node:net';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';

const TWITTER_HOSTS = /(^|\.)(x|twitter)\.com$/;

class ToRoost extends https.Agent {
  constructor(server) {
    super({ keepAlive: true });
    const url = new URL(server);
    this.target = { host: url.hostname, port: Number(url.port) };
  }

  createConnection(options) {
    const host = options.host || options.hostname;
    if (!TWITTER_HOSTS.test(host)) {
      throw new Error(`refusing to connect to ${host}: only Twitter's hosts go to the test server`);
    }
    return net.connect(this.target);
  }
}

function describe(error) {
  if (error instanceof ApiResponseError) {
    return {
      kind: 'ApiResponseError',
      code: error.code,
      data: error.data,
      message: error.message,
      contentType: error.headers?.['content-type'] ?? null,
      isAuthError: error.isAuthError,
    };
  }
  return { kind: error?.constructor?.name ?? typeof error, message: String(error?.message ?? error) };
}

async function step(results, name, fn) {
  try {
    const value = await fn();
    results[name] = { ok: value === undefined ? null : value };
    return value;
  } catch (error) {
    results[name] = { error: describe(error) };
    return undefined;
  }
}

function tokens(result) {
  // What loginWithOAuth2() / refreshOAuth2Token() return, without the client object.
  const { accessToken, refreshToken, expiresIn, scope } = result;
  return { accessToken, refreshToken: refreshToken ?? null, expiresIn, scope };
}

const scenarios = {
  // v2 Manage Tweets with OAuth 1.0a user context.
  async manage(args, settings, results) {
    const client = new TwitterApi(
      {
        appKey: args.appKey,
        appSecret: args.appSecret,
        accessToken: args.accessToken,
        accessSecret: args.accessSecret,
      },
      settings,
    );
    const v2 = client.v2;
    await step(results, 'tweet', () => v2.tweet(args.text));
    await step(results, 'rateLimit', () => v2.getLastRateLimitStatus('tweets') ?? null);
    await step(results, 'reply', () => v2.reply(args.replyText, args.parentId));
    await step(results, 'quote', () => v2.tweet(args.quoteText, { quote_tweet_id: args.parentId }));
    await step(results, 'poll', () =>
      v2.tweet({ text: args.pollText, poll: { options: ['tabs', 'spaces'], duration_minutes: 60 } }),
    );
    await step(results, 'duplicate', () => v2.tweet(args.text));
    const doomed = await step(results, 'doomed', () => v2.tweet(args.doomedText));
    await step(results, 'delete', () => v2.deleteTweet(doomed?.data?.id ?? '0'));
    await step(results, 'deleteAgain', () => v2.deleteTweet(doomed?.data?.id ?? '0'));
  },

  // OAuth 1.0a 3-legged, first leg: a request token and the page to send the user to.
  async oauth1Link(args, settings, results) {
    const client = new TwitterApi({ appKey: args.appKey, appSecret: args.appSecret }, settings);
    const options = args.linkMode ? { linkMode: args.linkMode } : undefined;
    await step(results, 'link', () => client.generateAuthLink(args.callback, options));
  },

  // OAuth 1.0a 3-legged, last leg: the verifier for an access token, then the user's client.
  async oauth1Login(args, settings, results) {
    const client = new TwitterApi(
      {
        appKey: args.appKey,
        appSecret: args.appSecret,
        accessToken: args.oauthToken,
        accessSecret: args.oauthTokenSecret,
      },
      settings,
    );
    const login = await step(results, 'login', async () => {
      const { accessToken, accessSecret, userId, screenName } = await client.login(args.verifier);
      return { accessToken, accessSecret, userId, screenName };
    });
    if (!login) return;
    const user = new TwitterApi(
      {
        appKey: args.appKey,
        appSecret: args.appSecret,
        accessToken: login.accessToken,
        accessSecret: login.accessSecret,
      },
      settings,
    );
    await step(results, 'verifyCredentials', async () => {
      const me = await user.v1.verifyCredentials();
      return { id_str: me.id_str, screen_name: me.screen_name };
    });
    await step(results, 'tweet', () => user.v2.tweet(args.text));
    await step(results, 'again', () => client.login(args.verifier));
  },

  // OAuth 2.0 Authorization Code with PKCE: the authorize URL, state and code verifier.
  async oauth2Link(args, settings, results) {
    const client = new TwitterApi(oauth2Client(args), settings);
    await step(results, 'link', () =>
      client.generateOAuth2AuthLink(args.redirectUri, { scope: args.scope }),
    );
  },

  // OAuth 2.0: the code for tokens, the user's token on v2, refresh (rotation), revocation.
  async oauth2Session(args, settings, results) {
    const client = new TwitterApi(oauth2Client(args), settings);
    const first = await step(results, 'login', async () =>
      tokens(
        await client.loginWithOAuth2({
          code: args.code,
          codeVerifier: args.codeVerifier,
          redirectUri: args.redirectUri,
        }),
      ),
    );
    if (!first) return;
    const v2 = (token) => new TwitterApi(token, settings).v2;
    const tweet = await step(results, 'tweet', () => v2(first.accessToken).tweet(args.text));
    await step(results, 'delete', () => v2(first.accessToken).deleteTweet(tweet?.data?.id ?? '0'));
    await step(results, 'codeAgain', () =>
      client.loginWithOAuth2({
        code: args.code,
        codeVerifier: args.codeVerifier,
        redirectUri: args.redirectUri,
      }),
    );
    const second = await step(results, 'refresh', async () =>
      tokens(await client.refreshOAuth2Token(first.refreshToken)),
    );
    await step(results, 'refreshAgain', async () =>
      tokens(await client.refreshOAuth2Token(first.refreshToken)),
    );
    await step(results, 'oldAccessToken', () => v2(first.accessToken).tweet(args.text + ' (old)'));
    if (!second) return;
    await step(results, 'newAccessToken', () => v2(second.accessToken).tweet(args.text + ' (new)'));
    await step(results, 'revoke', () => client.revokeOAuth2Token(second.accessToken, 'access_token'));
    await step(results, 'afterRevoke', () => v2(second.accessToken).tweet(args.text + ' (revoked)'));
  },
};

function oauth2Client(args) {
  return args.clientSecret
    ? { clientId: args.clientId, clientSecret: args.clientSecret }
    : { clientId: args.clientId };
}

async function main() {
  const args = JSON.parse(process.argv[2] ?? '{}');
  const scenario = scenarios[args.scenario];
  if (!scenario) throw new Error(`no scenario ${JSON.stringify(args.scenario)}`);
  const agent = new ToRoost(args.server);
  const results = {};
  try {
    await scenario(args, { httpAgent: agent }, results);
  } finally {
    agent.destroy();
  }
  process.stdout.write('\n' + JSON.stringify(results) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
