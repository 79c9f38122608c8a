// A portal that signs its users in itself and embeds the widget for them with their
// access token. The sign-in is a stand-in for Amplify or a hosted UI: one
// USER_PASSWORD_AUTH call.
import { useEffect, useRef, useState } from 'react';
import init, { mount, type MfaState, type EnrollConfig } from 'cognito-totp-enroll';
import 'cognito-totp-enroll/widget.css';

type Config = EnrollConfig & { endpoint: string };

async function signIn(config: Config, username: string, password: string): Promise<string> {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = (await response.json()) as { AuthenticationResult?: { AccessToken: string }; message?: string };
  if (!body.AuthenticationResult) throw new Error(body.message ?? 'sign-in failed');
  return body.AuthenticationResult.AccessToken;
}

function Security({ config, token }: { config: Config; token: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [enrolled, setEnrolled] = useState<MfaState | null>(null);
  const [highlight, setHighlight] = useState(false);

  // Written as developers often do: no cleanup, so StrictMode mounts twice on the
  // same element. The second mount replaces the first.
  useEffect(() => {
    void init().then(() => {
      if (!box.current) return;
      const widget = mount(box.current, { ...config, accessToken: token, colorScheme: 'light' });
      widget.on('enrolled', (state) => setEnrolled(state));
    });
  }, [config, token]);

  return (
    <section>
      <button type="button" onClick={() => setHighlight(!highlight)}>
        Highlight
      </button>
      {/* React owns this element's className; the widget must not care. */}
      <div ref={box} className={highlight ? 'portal-box highlighted' : 'portal-box'} />
      <p role="status">{enrolled ? `Enrolled: ${enrolled.preferred}` : ''}</p>
    </section>
  );
}

export function App() {
  const [config, setConfig] = useState<Config | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    void fetch('/config.json')
      .then((r) => r.json() as Promise<Config>)
      .then(setConfig);
  }, []);

  if (!config) return <p>Loading…</p>;
  if (token) return <Security config={config} token={token} />;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        signIn(config, String(data.get('username')), String(data.get('password')))
          .then(setToken)
          .catch((e: Error) => setError(e.message));
      }}
    >
      <label>
        Portal user <input name="username" autoComplete="username" />
      </label>
      <label>
        Portal password <input name="password" type="password" autoComplete="current-password" />
      </label>
      <button type="submit">Portal sign-in</button>
      <p role="alert">{error}</p>
    </form>
  );
}
