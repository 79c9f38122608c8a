//! The tool's words, in English and Japanese. Chosen by `--lang`, else by the
//! environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.

/// Every sentence the tool prints for a person; each field is named for where it is
/// used.
#[derive(Debug)]
#[allow(missing_docs)]
pub struct Texts {
    pub col_check: &'static str,
    pub col_result: &'static str,
    pub col_detail: &'static str,
    pub col_users: &'static str,
    pub col_count: &'static str,
    pub check_totp: &'static str,
    pub check_totp_fix: &'static str,
    pub check_mfa_mode: &'static str,
    pub mfa_off: &'static str,
    pub mfa_off_fix: &'static str,
    pub mfa_optional: &'static str,
    pub mfa_on: &'static str,
    pub check_sms: &'static str,
    pub sms_missing: &'static str,
    pub check_public_client: &'static str,
    pub public_client_fix: &'static str,
    pub check_srp: &'static str,
    pub srp_fix: &'static str,
    pub check_password_flow: &'static str,
    pub password_flow_fix: &'static str,
    pub check_session: &'static str,
    pub session_note: &'static str,
    pub check_page_config: &'static str,
    pub check_existence: &'static str,
    pub existence_fix: &'static str,
    pub check_endpoint: &'static str,
    pub endpoint_warning: &'static str,
    pub check_return_url: &'static str,
    pub return_url_warning: &'static str,
    pub page_config_fix: &'static str,
    pub pass: &'static str,
    pub fail: &'static str,
    pub note: &'static str,
    pub check_failed: &'static str,
    pub check_passed: &'static str,
    pub nothing_to_change: &'static str,
    pub would_change: &'static str,
    pub resuming: &'static str,
    pub changed: &'static str,
    pub dry_run: &'static str,
    pub change_totp: &'static str,
    pub change_mfa_optional: &'static str,
    pub change_flows: &'static str,
    pub cannot_fix_secret: &'static str,
    pub report_title: &'static str,
    pub sms_only: &'static str,
    pub app_only: &'static str,
    pub both: &'static str,
    pub email: &'static str,
    pub no_factor: &'static str,
    pub disabled: &'static str,
    pub unconfirmed: &'static str,
    pub unknown: &'static str,
    pub total: &'static str,
    pub finish_refused: &'static str,
    pub finish_refused_required: &'static str,
    pub accept_mismatch: &'static str,
    pub finish_plan: &'static str,
    pub finish_done: &'static str,
    pub finish_unknown: &'static str,
    pub sms_already_off: &'static str,
}

/// English.
pub static EN: Texts = Texts {
    col_check: "check",
    col_result: "result",
    col_detail: "detail",
    col_users: "users",
    col_count: "count",
    check_totp: "Authenticator apps (TOTP MFA) allowed",
    check_totp_fix:
        "run `prepare --apply` (turns on software token MFA; SMS and the MFA mode stay as they are)",
    check_mfa_mode: "MFA mode",
    mfa_off: "OFF: no user can have a second factor",
    mfa_off_fix: "run `prepare --apply` (sets MFA to OPTIONAL)",
    mfa_optional: "OPTIONAL: each user chooses; users without a factor sign in with the password alone",
    mfa_on: "ON: every user must have a factor; users without one set it up at sign-in",
    check_sms: "SMS configuration (needed until every user has switched)",
    sms_missing: "no SMS configuration: users on SMS cannot sign in to switch",
    check_public_client: "App client is public (no client secret)",
    public_client_fix:
        "a browser cannot keep a secret: create an app client without one and put its id in config.json",
    check_srp: "App client allows ALLOW_USER_SRP_AUTH",
    srp_fix: "run `prepare --apply` (adds the flow; every other client setting stays)",
    check_password_flow: "App client allows ALLOW_USER_PASSWORD_AUTH (config.json asks for it)",
    password_flow_fix: "run `prepare --apply --page-config config.json`, or remove authFlow from config.json",
    check_session: "Sign-in session lasts",
    session_note: "minutes for the SMS code and the QR step (3 to 15; set on the app client)",
    check_page_config: "config.json names this pool and app client",
    check_existence: "App client hides whether a username exists (PreventUserExistenceErrors)",
    existence_fix: "Cognito answers UserNotFoundException for an unknown user, so anyone can test usernames: set PreventUserExistenceErrors to ENABLED on the app client (the page shows one text for both already)",
    check_endpoint: "config.json's endpoint is the pool's regional Cognito endpoint",
    endpoint_warning: "warning: the page sends every sign-in to this host; make sure it is yours (a VPC endpoint) and not a tampered file",
    check_return_url: "config.json's returnUrl host reads as itself",
    return_url_warning: "warning: the host has characters a browser reads as others (non-ASCII, %, or punycode xn--); the page refuses non-ASCII ones; check which site it names",
    page_config_fix: "put this userPoolId and clientId in config.json",
    pass: "ok",
    fail: "FAIL",
    note: "note",
    check_failed: "The page cannot work against this pool yet.",
    check_passed: "The page can work against this pool.",
    nothing_to_change: "Nothing to change.",
    would_change: "Would change:",
    resuming: "Resuming the report that did not finish: the users it read are not read again",
    changed: "Changed:",
    dry_run: "Nothing was changed. Run again with --apply to make these changes.",
    change_totp:
        "user pool: turn on authenticator apps (software token MFA), keeping SMS and email MFA as they are",
    change_mfa_optional: "user pool: MFA mode OFF -> OPTIONAL",
    change_flows: "app client: add auth flows",
    cannot_fix_secret:
        "The app client has a secret; this tool cannot remove it (create a public client instead).",
    report_title: "MFA state of the pool's users",
    sms_only: "SMS only (still to switch)",
    app_only: "authenticator app only",
    both: "SMS and authenticator app",
    email: "email code, no authenticator app",
    no_factor: "no second factor",
    disabled: "disabled (not counted above)",
    unconfirmed: "not confirmed or must change password (not counted above)",
    unknown: "unknown (could not be read)",
    total: "total",
    finish_refused:
        "Refused: these enabled users have SMS as their only factor and would be left without one:",
    finish_refused_required:
        "Refused: MFA is ON, so these enabled users would have to set up a factor at their next sign-in:",
    accept_mismatch: "--accept-users must name exactly the users listed above.",
    finish_plan:
        "user pool: turn SMS MFA off (authenticator apps, email MFA and the MFA mode stay as they are)",
    finish_done: "SMS MFA is off for the pool.",
    finish_unknown: "Refused: some users' MFA state could not be read; run again.",
    sms_already_off: "SMS MFA is already off for the pool.",
};

/// 日本語。
pub static JA: Texts = Texts {
    col_check: "確認項目",
    col_result: "結果",
    col_detail: "詳細",
    col_users: "ユーザー",
    col_count: "人数",
    check_totp: "認証アプリ（TOTP MFA）が許可されている",
    check_totp_fix: "`prepare --apply` を実行（ソフトウェアトークン MFA をオンにします。SMS と MFA モードはそのまま）",
    check_mfa_mode: "MFA モード",
    mfa_off: "オフ：どのユーザーも第 2 要素を持てません",
    mfa_off_fix: "`prepare --apply` を実行（MFA を「オプション」にします）",
    mfa_optional: "オプション：ユーザーごとに選びます。要素のないユーザーはパスワードだけでサインインします",
    mfa_on: "必須：全ユーザーに要素が必要です。持たないユーザーはサインイン時に設定します",
    check_sms: "SMS の設定（全員が切り替えるまで必要）",
    sms_missing: "SMS の設定がありません：SMS のユーザーが切り替えのためにサインインできません",
    check_public_client: "アプリクライアントがパブリック（クライアントシークレットなし）",
    public_client_fix: "ブラウザはシークレットを守れません。シークレットのないアプリクライアントを作り、その ID を config.json に書いてください",
    check_srp: "アプリクライアントが ALLOW_USER_SRP_AUTH を許可している",
    srp_fix: "`prepare --apply` を実行（このフローを追加します。ほかのクライアント設定はそのまま）",
    check_password_flow: "アプリクライアントが ALLOW_USER_PASSWORD_AUTH を許可している（config.json が求めています）",
    password_flow_fix: "`prepare --apply --page-config config.json` を実行するか、config.json から authFlow を消してください",
    check_session: "サインインのセッションの長さ",
    session_note: "分（SMS コードと QR の手順に使えます。3〜15、アプリクライアントで設定）",
    check_page_config: "config.json がこのプールとアプリクライアントを指している",
    check_existence: "アプリクライアントがユーザー名の有無を隠している（PreventUserExistenceErrors）",
    existence_fix: "存在しないユーザーに Cognito が UserNotFoundException を返すため、だれでもユーザー名を確かめられます。アプリクライアントの PreventUserExistenceErrors を ENABLED にしてください（ページはすでに同じ文を表示します）",
    check_endpoint: "config.json の endpoint がプールのリージョンの Cognito エンドポイントである",
    endpoint_warning: "注意：ページはすべてのサインインをこのホストへ送ります。自組織のもの（VPC エンドポイント）であり、改ざんされたファイルでないことを確かめてください",
    check_return_url: "config.json の returnUrl のホストが見たとおりに読まれる",
    return_url_warning: "注意：ブラウザが別の文字として読む文字（ASCII 以外、%、punycode の xn--）がホストにあります。ページは ASCII 以外を拒否します。どのサイトを指すか確かめてください",
    page_config_fix: "この userPoolId と clientId を config.json に書いてください",
    pass: "OK",
    fail: "NG",
    note: "参考",
    check_failed: "このプールではまだページが動きません。",
    check_passed: "このプールでページが動きます。",
    nothing_to_change: "変更はありません。",
    would_change: "変更する内容：",
    resuming: "終わらなかった前回のレポートを続けます。読み取り済みのユーザーは読み直しません",
    changed: "変更しました：",
    dry_run: "まだ何も変更していません。変更するには --apply を付けてもう一度実行してください。",
    change_totp: "ユーザープール：認証アプリ（ソフトウェアトークン MFA）をオンにします（SMS とメールの MFA はそのまま）",
    change_mfa_optional: "ユーザープール：MFA モードをオフから「オプション」にします",
    change_flows: "アプリクライアント：認証フローを追加します",
    cannot_fix_secret: "アプリクライアントにシークレットがあります。このツールでは消せません（パブリッククライアントを作ってください）。",
    report_title: "プールのユーザーの MFA の状態",
    sms_only: "SMS のみ（まだ切り替えていない）",
    app_only: "認証アプリのみ",
    both: "SMS と認証アプリ",
    email: "メールのコード（認証アプリなし）",
    no_factor: "第 2 要素なし",
    disabled: "無効なユーザー（上の数には含めません）",
    unconfirmed: "未確認またはパスワード変更が必要（上の数には含めません）",
    unknown: "不明（読み取れませんでした）",
    total: "合計",
    finish_refused: "中止しました：次の有効なユーザーは SMS だけが要素なので、要素がなくなります：",
    finish_refused_required: "中止しました：MFA が必須なので、次の有効なユーザーは次のサインインで要素を設定することになります：",
    accept_mismatch: "--accept-users には上に挙げたユーザーをちょうどそのとおりに書いてください。",
    finish_plan: "ユーザープール：SMS の MFA をオフにします（認証アプリ、メールの MFA、MFA モードはそのまま）",
    finish_done: "プールの SMS の MFA をオフにしました。",
    finish_unknown: "中止しました：一部のユーザーの MFA の状態を読めませんでした。もう一度実行してください。",
    sms_already_off: "プールの SMS の MFA はすでにオフです。",
};

/// The texts for `requested` (`ja`, `en`, or a locale such as `ja_JP.UTF-8`), else
/// the environment's locale, else English.
pub fn choose(requested: Option<&str>) -> &'static Texts {
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match requested.map(str::to_owned).or(from_env) {
        Some(tag) if tag.to_ascii_lowercase().starts_with("ja") => &JA,
        _ => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_for_ja_tags_english_otherwise() {
        assert!(std::ptr::eq(choose(Some("ja")), &JA));
        assert!(std::ptr::eq(choose(Some("ja_JP.UTF-8")), &JA));
        assert!(std::ptr::eq(choose(Some("en_US")), &EN));
        assert!(std::ptr::eq(choose(Some("fr")), &EN));
    }
}
