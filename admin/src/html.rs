//! `report --html FILE`: one self-contained page for the campaign: a chart of the
//! share of users on each factor over the campaign's days (from the ledger), the same
//! numbers as a table, and the people still on SMS alone. No script, no request: a
//! Content-Security-Policy of `default-src 'none'` holds it, so it can be mailed or
//! opened from disk. Every name and address in it is escaped: users can set their own.

use crate::lang::Texts;
use crate::ledger::Run;
use crate::scan::SmsUser;

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One day of the campaign: its last finished run's counts.
struct Day {
    date: String,
    sms: u64,
    app: u64,
    other: u64,
}

/// The UTC date of `seconds` since the epoch, `YYYY-MM-DD` (civil from days, as in
/// Howard Hinnant's algorithm).
fn date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn days(runs: &[Run]) -> Vec<Day> {
    let mut out: Vec<Day> = Vec::new();
    for run in runs {
        let (Some(counts), Some(finished)) = (&run.counts, run.finished_at) else { continue };
        let n = |key: &str| counts[key].as_u64().unwrap_or(0);
        let day = Day {
            date: date(finished),
            sms: n("sms_only"),
            app: n("app_only") + n("both"),
            other: n("email") + n("no_factor"),
        };
        match out.last_mut() {
            Some(last) if last.date == day.date => *last = day, // the day's last run
            _ => out.push(day),
        }
    }
    out
}

/// The page, in the language of `t`.
pub fn page(pool_id: &str, runs: &[Run], still_on_sms: &[SmsUser], t: &Texts) -> String {
    let days = days(runs);
    let (width, height, top, bottom, left) = (640u64, 260u64, 20u64, 40u64, 44u64);
    let plot = height - top - bottom;
    let slot = if days.is_empty() { 0 } else { (width - left) / days.len() as u64 };
    let bar = (slot * 2 / 3).max(4);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title\" width=\"100%\">"
    );
    for pct in [0u64, 50, 100] {
        let y = top + plot - plot * pct / 100;
        svg.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{width}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#c7ccd1\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{pct}%</text>",
            left - 6,
            y + 4
        ));
    }
    for (i, day) in days.iter().enumerate() {
        let total = (day.sms + day.app + day.other).max(1);
        let x = left + slot * i as u64 + (slot - bar) / 2;
        let mut y = top + plot;
        for (value, colour) in [(day.app, "#146c2e"), (day.other, "#8a94a3"), (day.sms, "#b3261e")] {
            let h = plot * value / total;
            y -= h;
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\" fill=\"{colour}\"/>"
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x + bar / 2,
            height - bottom + 16,
            escape(&day.date[5..])
        ));
    }
    svg.push_str("</svg>");
    let mut rows = String::new();
    for day in &days {
        let total = (day.sms + day.app + day.other).max(1);
        let pct = |v: u64| format!("{:.1}%", v as f64 * 100.0 / total as f64);
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{} ({})</td><td>{} ({})</td><td>{} ({})</td></tr>",
            escape(&day.date),
            day.app,
            pct(day.app),
            day.sms,
            pct(day.sms),
            day.other,
            pct(day.other)
        ));
    }
    let mut people = String::new();
    for user in still_on_sms {
        people.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(&user.username),
            escape(&user.email)
        ));
    }
    let people = if still_on_sms.is_empty() {
        format!("<p>{}</p>", escape(t.html_nobody_on_sms))
    } else {
        format!(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{people}</tbody></table>",
            escape(t.html_username),
            escape(t.html_email)
        )
    };
    let legend = |colour: &str, label: &str| {
        format!(
            "<span class=\"key\"><span class=\"swatch\" style=\"background:{colour}\"></span>{}</span>",
            escape(label)
        )
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} {pool}</title><style>\
body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:44rem;padding:0 1rem;color:#1b1f24;line-height:1.5}}\
table{{border-collapse:collapse;margin:1rem 0}}td,th{{border-bottom:1px solid #c7ccd1;padding:.25rem .75rem;text-align:left}}\
svg text{{fill:#4a5563}}.key{{margin-right:1rem;white-space:nowrap}}.swatch{{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}}\
</style></head><body>\
<h1>{title}</h1><p>{pool}</p>\
<h2 id=\"chart-title\">{chart}</h2>{svg}<p>{l_app}{l_sms}{l_other}</p>\
<table><thead><tr><th>{day}</th><th>{app}</th><th>{sms}</th><th>{other}</th></tr></thead><tbody>{rows}</tbody></table>\
<h2>{still} ({count})</h2>{people}</body></html>\n",
        lang = t.lang,
        title = escape(t.report_title),
        pool = escape(pool_id),
        chart = escape(t.html_chart),
        l_app = legend("#146c2e", t.html_app),
        l_sms = legend("#b3261e", t.sms_only),
        l_other = legend("#8a94a3", t.html_other),
        day = escape(t.html_day),
        app = escape(t.html_app),
        sms = escape(t.sms_only),
        other = escape(t.html_other),
        still = escape(t.html_still_on_sms),
        count = still_on_sms.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_796_342_399), "2026-12-03");
        assert_eq!(date(1_796_342_400), "2026-12-04");
    }

    #[test]
    fn names_and_addresses_are_text_and_a_day_shows_its_last_run() {
        let run = |id, at: i64, sms: u64| Run {
            id,
            started_at: at - 10,
            finished_at: Some(at),
            counts: Some(
                serde_json::json!({"sms_only": sms, "app_only": 10 - sms, "both": 0, "email": 0, "no_factor": 0}),
            ),
        };
        let runs = [run(1, 1_796_342_400, 8), run(2, 1_796_342_500, 6), run(3, 1_796_428_800, 2)];
        let user = SmsUser {
            username: "<img src=x onerror=alert(1)>".into(),
            email: "\"=1\"@x".into(),
            confirmed: true,
        };
        let html = page("ap-northeast-1_Pool", &runs, &[user], crate::lang::choose(Some("en")));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img"), "escaped");
        assert!(html.contains("&quot;=1&quot;@x"));
        assert_eq!(html.matches("<tr><td>2026-").count(), 2, "one row per day");
        assert!(
            html.contains("<td>2026-12-04</td><td>4 (40.0%)</td><td>6 (60.0%)</td>"),
            "the day's last run: {html}"
        );
        assert!(!html.contains("<script") && html.contains("default-src 'none'"));
        let ja = page("p", &runs, &[], crate::lang::choose(Some("ja")));
        assert!(
            ja.contains("lang=\"ja\"") && ja.contains(crate::lang::choose(Some("ja")).html_nobody_on_sms)
        );
    }
}
