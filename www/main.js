// Fetches the admin's settings file and mounts the enrollment widget.
//
// Settings come from `config.json` beside this page or, only where there is no such
// file (404), the `amplify_outputs.json` of an Amplify Gen 2 app. Which source may
// set what (a link may choose the language, nothing else) is decided in the module,
// by mountPage: see src/config/sources.rs and docs/security.md. The page's own module
// and entry (www/page-entry.js) are bundled in by scripts/build.sh.
import init, { mountPage, pageTitle } from './page-entry.js';

const root = document.getElementById('enroll');

/** Shows `text` as the page's one message, announced to screen readers. */
function stop(text) {
  root.classList.add('cte');
  const message = document.createElement('p');
  message.className = 'cte-error';
  message.setAttribute('role', 'alert');
  message.textContent = text;
  root.replaceChildren(message);
  return message;
}

/** Whether another site frames this page: a host that sends no `frame-ancestors`
 *  (a plain S3 website) cannot stop it, so the page stops itself. */
function framedByAnotherSite() {
  if (window.top === window) return false;
  try {
    return window.top.location.origin !== location.origin;
  } catch {
    return true; // another origin's window: its location cannot be read
  }
}

/** The file's text; undefined where it does not exist (404). Any other failure throws,
 *  so that a file planted beside it cannot stand in for one the host failed to serve.
 *  Default cache mode, so the fetch takes the response index.html preloads; how long
 *  config.json may be cached is the host's Cache-Control. */
async function readText(name) {
  const response = await fetch(name).catch(() => ({}));
  if (response.status === 404) return undefined;
  if (!response.ok) throw { code: 'SettingsUnreadable' };
  return response.text();
}

/** The admin's file: config.json, else (only when it does not exist) amplify_outputs.json. */
async function readFiles() {
  const configJson = await readText('config.json');
  return { configJson, amplifyOutputs: configJson === undefined ? await readText('amplify_outputs.json') : undefined };
}

if (framedByAnotherSite()) {
  // Nothing loads, nothing can be clicked but a way to the page on its own.
  stop('').append(Object.assign(document.createElement('a'), {
    href: location.href, target: '_blank', rel: 'noopener',
    textContent: /^ja\b/i.test(navigator.language) ? 'このページを新しいタブで開く' : 'Open this page in a new tab',
  }));
} else {
  try {
    const [{ configJson, amplifyOutputs }] = await Promise.all([readFiles(), init()]);
    root.replaceChildren();
    const lang = mountPage(root, configJson, amplifyOutputs);
    const title = pageTitle(lang);
    document.documentElement.lang = lang;
    document.title = title;
    document.querySelector('h1').textContent = title;
    // For bench/compare.mjs: navigation to a sign-in form that takes input.
    performance.mark('form-ready');
  } catch (error) {
    stop(error.code === 'ConfigError'
      ? `This page is not set up correctly (${error.field}). Tell your administrator.`
      : error.code === 'SettingsUnreadable'
        ? 'This page could not read its settings. Try again in a few minutes, or tell your administrator.'
        : 'This page could not start. Try a current browser, or tell your administrator.');
    console.error(error);
  }
}
