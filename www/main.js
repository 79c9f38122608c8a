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

/** `{ text }`, `{ missing: true }` for a 404 only, or `{ failed: status }`. */
async function readFile(name) {
  // Default cache mode, so the fetch takes the response index.html preloads; how long
  // config.json may be cached is the host's Cache-Control.
  const response = await fetch(name).catch(() => null);
  if (!response) return { failed: 'network' };
  if (response.status === 404) return { missing: true };
  return response.ok ? { text: await response.text() } : { failed: response.status };
}

/** The admin's file: config.json, else (only when it does not exist) amplify_outputs.json.
 *  Any other failure stops the page, so that a file planted beside it cannot stand in
 *  for one the host failed to serve. */
async function readFiles() {
  const config = await readFile('config.json');
  if (config.text !== undefined) return { configJson: config.text };
  if (!config.missing) throw Object.assign(new Error(`config.json: ${config.failed}`), { code: 'SettingsUnreadable' });
  const outputs = await readFile('amplify_outputs.json');
  if (outputs.text !== undefined) return { amplifyOutputs: outputs.text };
  if (!outputs.missing) throw Object.assign(new Error(`amplify_outputs.json: ${outputs.failed}`), { code: 'SettingsUnreadable' });
  return {};
}

const japanese = /^ja\b/i.test(navigator.language);
if (framedByAnotherSite()) {
  // Nothing loads, nothing can be clicked but a way to the page on its own.
  const message = stop(japanese
    ? 'このページは、ほかのサイトの中では動きません。'
    : 'This page does not work inside another site.');
  const link = Object.assign(document.createElement('a'), {
    href: location.href, target: '_blank', rel: 'noopener noreferrer',
    textContent: japanese ? '新しいタブで開く' : 'Open it in a new tab',
  });
  message.append(' ', link);
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
