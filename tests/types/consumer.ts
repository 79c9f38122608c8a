// A host's code against the published declarations; `tsc --noEmit` must accept it
// (npm test), and the @ts-expect-error lines prove the types are not `any`.
import init, {
  mount,
  EnrollmentClient,
  type MountOptions,
  type EnrollStep,
  type MfaState,
  type CognitoTotpError,
} from '../../www/pkg/cognito_totp_enroll.js';
import '../../www/pkg/element.js';

export function element(): void {
  const el = document.createElement('cognito-totp-enroll');
  el.accessToken = 'token';
  el.getAccessToken = async () => 'fresh';
  el.addEventListener('enrolled', (event) => console.log(event.detail.preferred));
  el.addEventListener('error', (event) => console.log(event.detail.code));
  el.addEventListener('cancel', (event) => console.log(event.detail));
  el.addEventListener('click', (event) => console.log(event.clientX));
  // @ts-expect-error accessToken is text
  el.accessToken = 5;
}

export async function embed(element: HTMLElement, accessToken: string): Promise<void> {
  await init();
  const options: MountOptions = { userPoolId: 'ap-northeast-1_AbC123', clientId: 'abc123', issuer: 'Acme', accessToken };
  const widget = mount(element, options);
  widget.on('enrolled', (state: MfaState) => console.log(state.preferred));
  // The README's form, without annotations, under `strict`: the event names the type.
  const onEnrolled = (state: MfaState) => console.log(state.enabled.join());
  widget.on('enrolled', (state) => console.log(state.preferred)).on('error', (error) => console.log(error.code));
  widget.on('enrolled', onEnrolled).off('enrolled', onEnrolled);
  // @ts-expect-error a misspelled event does not compile
  widget.on('enroled', () => {});
  // @ts-expect-error `error` hands an error, not the MFA state
  widget.on('error', (state: MfaState) => console.log(state));
  // A renewed token, without a new mount; chained like on().
  widget.setAccessToken('renewed').on('signInRequired', () => {});
  // @ts-expect-error a token is text
  widget.setAccessToken(undefined);
  widget.destroy();
  widget.free();

  const maybeToken: string | undefined = accessToken || undefined;
  mount(element, { ...options, accessToken: maybeToken }).destroy();
  const withEverything = mount(element, {
    ...options,
    colorScheme: 'light',
    getAccessToken: async () => 'fresh-token',
    onCancel: () => {},
    onSignInRequired: () => {},
    onEnrolled: (state) => console.log(state.preferred),
    authSessionMinutes: 5,
    returnUrl: '/portal/',
    returnName: 'Portal',
  });
  withEverything.destroy();
  // @ts-expect-error colorScheme takes light, dark or auto
  mount(element, { ...options, colorScheme: 'sepia' });

  // @ts-expect-error clientId is required
  const missing: MountOptions = { userPoolId: 'ap-northeast-1_AbC123' };
  // @ts-expect-error authFlow takes the two Cognito names only
  const wrongFlow: MountOptions = { userPoolId: 'x_y', clientId: 'z', authFlow: 'CUSTOM_AUTH' };
  void missing;
  void wrongFlow;
}

export async function headless(): Promise<string> {
  const client = new EnrollmentClient({ userPoolId: 'ap-northeast-1_AbC123', clientId: 'abc123' });
  try {
    let step: EnrollStep = await client.signIn('alice', 'secret');
    if (step.step === 'challengeCode') step = await client.answerChallenge('123456');
    if (step.step === 'account') step = await client.beginTotpSetup();
    if (step.step === 'scanQr') {
      const secret: string = step.secret;
      step = await client.verifyTotp('123456', 'phone');
      return secret;
    }
    // @ts-expect-error `done` has no secret
    if (step.step === 'done') return step.secret;
    return step.step;
  } catch (error) {
    const e = error as CognitoTotpError;
    return e.code === 'CodeMismatchException' ? 'try again' : e.code;
  }
}
