// Loads the configuration and mounts the enrollment widget.
//
// Configuration: `config.json` beside this page (or, without one, the
// `amplify_outputs.json` of an Amplify Gen 2 app), then query parameters for the keys
// the file leaves out. An admin who sets every key in the file makes sure no link can
// point the page at another pool or endpoint.
import init, { mount, chooseLanguage, pageTitle } from './pkg/cognito_totp_enroll.js';

const KEYS = ['region', 'userPoolId', 'clientId', 'issuer', 'accountLabel', 'accountLabelFrom', 'endpoint', 'authFlow', 'disableSms', 'lang', 'requestTimeoutMs'];

// Default cache mode, so the fetch takes the response index.html preloads; how long
// config.json may be cached is the host's Cache-Control.
async function readJson(name) {
  const response = await fetch(name).catch(() => null);
  return response && response.ok ? response.json() : null;
}

/** Amplify Gen 2 outputs: auth.user_pool_id, user_pool_client_id, aws_region. */
function fromAmplify(outputs) {
  const auth = outputs?.auth ?? {};
  return { userPoolId: auth.user_pool_id, clientId: auth.user_pool_client_id, region: auth.aws_region };
}

async function loadConfig() {
  const fromFile = (await readJson('config.json')) ?? fromAmplify(await readJson('amplify_outputs.json'));
  const query = new URLSearchParams(location.search);
  const config = {};
  for (const key of KEYS) {
    if (fromFile[key] !== undefined) config[key] = fromFile[key];
    else if (query.has(key)) config[key] = key === 'disableSms' ? query.get(key) !== 'false'
      : key === 'requestTimeoutMs' ? Number(query.get(key)) : query.get(key);
  }
  return config;
}

const root = document.getElementById('enroll');
try {
  const [config] = await Promise.all([loadConfig(), init()]);
  // Language: config.json, then ?lang=, then the browser's.
  const lang = chooseLanguage(config.lang);
  document.documentElement.lang = lang;
  document.title = pageTitle(lang);
  document.querySelector('h1').textContent = pageTitle(lang);
  root.replaceChildren();
  mount(root, { ...config, lang });
  // For bench/compare.mjs: navigation to a sign-in form that takes input.
  performance.mark('form-ready');
} catch (error) {
  root.classList.add('cte');
  const message = document.createElement('p');
  message.className = 'cte-error';
  message.setAttribute('role', 'alert');
  message.textContent = error.code === 'ConfigError'
    ? `This page is not set up correctly (${error.field}). Tell your administrator.`
    : 'This page could not start. Try a current browser, or tell your administrator.';
  root.replaceChildren(message);
  console.error(error);
}
