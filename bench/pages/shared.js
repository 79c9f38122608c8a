// The few DOM helpers both peer pages share; kept tiny so the bundles are the libraries.
export const $ = (id) => document.getElementById(id);

const STEPS = ['signin', 'sms', 'totp', 'done'];
export function show(step) {
  for (const id of STEPS) $(id).hidden = id !== step;
}

export function fail(error) {
  $('error').textContent = `${error.name ?? 'Error'}: ${error.message}`;
}

/** Resolves with the input's value the next time the form is submitted. */
export function nextSubmit(form, input) {
  return new Promise((resolve) => {
    $(form).addEventListener('submit', (event) => {
      event.preventDefault();
      resolve($(input).value);
    }, { once: true });
  });
}

export async function readConfig() {
  const response = await fetch('config.json', { cache: 'no-store' });
  return response.json();
}
