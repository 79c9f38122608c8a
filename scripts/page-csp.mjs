// The page's Content-Security-Policy, from the admin's settings: the one the README
// asks hosts to send as a header, and the same as a <meta> in index.html for hosts
// that send no headers (a plain S3 website). A meta policy cannot say
// frame-ancestors (browsers ignore it there); the page refuses other sites' frames
// itself (www/main.js). Used by scripts/deploy-page.mjs (the admin's copy of the
// page), scripts/serve.mjs (development and tests) and the tests.

/** The origin the page sends Cognito requests to, from a config.json object or an
 *  Amplify Gen 2 amplify_outputs.json object; null when neither names a pool. */
export function cognitoOrigin(settings) {
  if (!settings || typeof settings !== 'object') return null;
  if (typeof settings.endpoint === 'string') return new URL(settings.endpoint).origin;
  const region = settings.region ?? settings.auth?.aws_region
    ?? String(settings.userPoolId ?? settings.auth?.user_pool_id ?? '').split('_')[0];
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(region ?? '') ? `https://cognito-idp.${region}.amazonaws.com` : null;
}

/** The policy for `origin`, as a meta tag may carry it. */
export function metaPolicy(origin) {
  return "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    + `connect-src 'self'${origin ? ` ${origin}` : ''}; base-uri 'none'; form-action 'none'`;
}

/** The policy the README asks hosts to send as a header: the meta's, and no framing. */
export function headerPolicy(origin) {
  return `${metaPolicy(origin)}; frame-ancestors 'none'`;
}

const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;

/** index.html with its meta policy for `origin`; without the meta when `origin` is
 *  false (a development server that lets a link choose the endpoint). */
export function withMetaPolicy(html, origin) {
  if (!META.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag');
  return html.replace(META, origin === false ? '' : `<meta http-equiv="Content-Security-Policy" content="${metaPolicy(origin)}">`);
}
