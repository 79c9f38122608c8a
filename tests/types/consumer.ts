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

export async function embed(element: HTMLElement, accessToken: string): Promise<void> {
  await init();
  const options: MountOptions = { userPoolId: 'ap-northeast-1_AbC123', clientId: 'abc123', issuer: 'Acme', accessToken };
  const widget = mount(element, options);
  widget.on('enrolled', (state: MfaState) => console.log(state.preferred));
  widget.destroy();

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
