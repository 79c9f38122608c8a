// A portal that signs in with AWS Amplify v6 and embeds the widget on its security
// page: the README's Amplify recipe, word for word in Security and SecurityElement.
// The tests read `window.portal` (the token, the mounts) and press its buttons.
import { useEffect, useRef, useState } from 'react';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import init, { mount, type EnrollConfig, type MfaState, type Widget } from 'cognito-totp-enroll';
import 'cognito-totp-enroll/widget.css';
import type { CognitoTotpEnrollElement } from 'cognito-totp-enroll/element';
import 'cognito-totp-enroll/element';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'cognito-totp-enroll': React.DetailedHTMLProps<React.HTMLAttributes<CognitoTotpEnrollElement>, CognitoTotpEnrollElement> & {
        'user-pool-id': string;
        'client-id': string;
        endpoint?: string;
        issuer?: string;
        lang?: string;
      };
    }
  }
}

type Config = EnrollConfig & { endpoint: string };

declare global {
  interface Window {
    portal: { token?: string; mounts: number; events: string[] };
  }
}
window.portal = { mounts: 0, events: [] };

/** The signed-in user's access token, kept current: Amplify renews it (Hub's
 *  `tokenRefresh`), and the widget gets each new one without a new mount. */
function useAccessToken(): string | undefined {
  const [token, setToken] = useState<string>();
  useEffect(() => {
    const read = () =>
      fetchAuthSession()
        .then((session) => setToken(session.tokens?.accessToken.toString()))
        .catch(() => setToken(undefined));
    void read();
    return Hub.listen('auth', ({ payload }) => {
      if (payload.event === 'tokenRefresh' || payload.event === 'signedIn') void read();
      if (payload.event === 'tokenRefresh_failure' || payload.event === 'signedOut') setToken(undefined);
    });
  }, []);
  return token;
}

/** A fresh token when Cognito refuses the widget's: Amplify's refresh. */
async function freshToken(): Promise<string> {
  const session = await fetchAuthSession({ forceRefresh: true });
  return session.tokens?.accessToken.toString() ?? '';
}

function Security({ config, userId, accessToken }: { config: Config; userId: string; accessToken: string }) {
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<Widget | null>(null);
  const latest = useRef(accessToken);
  latest.current = accessToken;
  const [enrolled, setEnrolled] = useState<MfaState | null>(null);

  // Mount once per user, not once per token: a new token must not reset a switch.
  useEffect(() => {
    let unmounted = false;
    void init().then(() => {
      if (unmounted || !box.current) return;
      window.portal.mounts += 1;
      widget.current = mount(box.current, {
        ...config,
        accessToken: latest.current,
        getAccessToken: freshToken,
        onEnrolled: (state) => setEnrolled(state),
        onSignInRequired: () => window.portal.events.push('signInRequired'),
        onError: (error) => window.portal.events.push(`error ${error.code}`),
      });
    });
    return () => {
      unmounted = true;
      widget.current?.destroy();
      widget.current = null;
    };
    // The portal's config is read once, before any user signs in.
  }, [userId]);

  // Each renewed token goes to the widget on screen.
  useEffect(() => {
    widget.current?.setAccessToken(accessToken);
  }, [accessToken]);

  return (
    <section>
      <div ref={box} />
      <p role="status">{enrolled ? `Enrolled: ${enrolled.preferred}` : ''}</p>
    </section>
  );
}

function SecurityElement({ config, token }: { config: Config; token: string }) {
  const element = useRef<CognitoTotpEnrollElement>(null);
  const [enrolled, setEnrolled] = useState('');
  useEffect(() => {
    const current = element.current;
    if (!current) return;
    current.getAccessToken = freshToken;
    const done = (event: CustomEvent<MfaState>) => setEnrolled(event.detail.preferred ?? '');
    current.addEventListener('enrolled', done);
    return () => current.removeEventListener('enrolled', done);
  }, []);
  // The element hands a renewed token to its widget; the first one starts it.
  useEffect(() => {
    if (element.current && token) element.current.accessToken = token;
  }, [token]);
  return (
    <section>
      <cognito-totp-enroll ref={element} user-pool-id={config.userPoolId} client-id={config.clientId}
        endpoint={config.endpoint} issuer={config.issuer} lang="en" />
      <p role="status">{enrolled ? `Element enrolled: ${enrolled}` : ''}</p>
    </section>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [error, setError] = useState('');
  const next = (signInStep: string) => {
    if (signInStep === 'DONE') onSignedIn();
    else if (signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE' || signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') setStep('code');
    else setError(`unexpected step ${signInStep}`);
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const answer =
          step === 'password'
            ? signIn({ username: String(data.get('username')), password: String(data.get('password')) })
            : confirmSignIn({ challengeResponse: String(data.get('code')) });
        answer.then((out) => next(out.nextStep.signInStep)).catch((e: Error) => setError(e.message));
      }}
    >
      {step === 'password' ? (
        <>
          <label>
            Portal user <input name="username" autoComplete="username" />
          </label>
          <label>
            Portal password <input name="password" type="password" autoComplete="current-password" />
          </label>
        </>
      ) : (
        <label>
          Portal code <input name="code" autoComplete="one-time-code" />
        </label>
      )}
      <button type="submit">Portal sign-in</button>
      <p role="alert">{error}</p>
    </form>
  );
}

export function App() {
  const [config, setConfig] = useState<Config | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const token = useAccessToken();
  window.portal.token = token;
  // Once the security page is up it stays up when Amplify loses the session: the
  // widget itself says to sign in again (signInRequired).
  const signedInWith = useRef(false);

  useEffect(() => {
    void fetch('/config.json')
      .then((r) => r.json() as Promise<Config>)
      .then((loaded) => {
        Amplify.configure({
          Auth: { Cognito: { userPoolId: loaded.userPoolId, userPoolClientId: loaded.clientId, userPoolEndpoint: loaded.endpoint } },
        });
        setConfig(loaded);
        getCurrentUser().then((user) => setUserId(user.userId), () => setUserId(null));
      });
  }, []);

  if (!config) return <p>Loading…</p>;
  if (!userId) return <SignIn onSignedIn={() => getCurrentUser().then((user) => setUserId(user.userId))} />;
  // Signed in, the first token not read yet.
  if (!token && !signedInWith.current) return <p>Loading…</p>;
  signedInWith.current = true;
  const element = new URLSearchParams(location.search).get('view') === 'element';
  return (
    <main>
      <p>Signed in as {userId}</p>
      <button type="button" onClick={() => void fetchAuthSession({ forceRefresh: true })}>
        Renew session
      </button>
      <button
        type="button"
        onClick={() =>
          void signOut().then(() => {
            signedInWith.current = false;
            setUserId(null);
          })
        }
      >
        Portal sign-out
      </button>
      {element ? (
        <SecurityElement config={config} token={token ?? ''} />
      ) : (
        <Security config={config} userId={userId} accessToken={token ?? ''} />
      )}
    </main>
  );
}
