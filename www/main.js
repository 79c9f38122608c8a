// Fetches the admin's settings file and mounts the enrollment widget.
//
// Settings come from `config.json` beside this page or, without one, the
// `amplify_outputs.json` of an Amplify Gen 2 app. Which source may set what (a link
// may choose the language, nothing else) is decided in the module, by mountPage:
// see src/config/sources.rs and docs/security.md. The page's own module and entry
// (www/page-entry.js) are bundled in by scripts/build.sh.
import init, { mountPage, pageTitle } from './page-entry.js';

// Default cache mode, so the fetch takes the response index.html preloads; how long
// config.json may be cached is the host's Cache-Control.
async function readText(name) {
  const response = await fetch(name).catch(() => null);
  return response && response.ok ? response.text() : undefined;
}

async function readFiles() {
  const configJson = await readText('config.json');
  return { configJson, amplifyOutputs: configJson === undefined ? await readText('amplify_outputs.json') : undefined };
}

const root = document.getElementById('enroll');
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
