//! The `TIMESTAMP` of the password claim: `EEE MMM d HH:mm:ss UTC yyyy`, English
//! names, day of month not zero-padded, in UTC. Computed from the Unix time, so the
//! browser's locale and time zone cannot change it.

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // 1970-01-01 was a Thursday
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Formats Unix seconds (UTC) as Cognito's TIMESTAMP.
pub fn format(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    let weekday = DAYS[(days % 7) as usize];
    let month_name = MONTHS[(month - 1) as usize];
    // As u32: the module formats u32 anyway (core's panics do), and u64 would bring
    // a formatter of its own. A day, an hour, a minute and a second fit; so does the
    // year, for any clock before the year 4,294,967,295.
    let [day, hour, minute, second, year] =
        [day, secs / 3600, secs % 3600 / 60, secs % 60, year].map(|n| n as u32);
    format!("{weekday} {month_name} {day} {hour:02}:{minute:02}:{second:02} UTC {year}")
}

/// Days since 1970-01-01 to (year, month 1-12, day 1-31); Howard Hinnant's algorithm.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_of_month_is_not_zero_padded() {
        // 2025-01-06T09:05:03Z, the docs/cognito-protocol.md vector.
        assert_eq!(format(1_736_154_303), "Mon Jan 6 09:05:03 UTC 2025");
    }

    #[test]
    fn every_day_one_to_nine_and_two_digit_days() {
        for day in 1..=9u64 {
            let t = 1_735_689_600 + (day - 1) * 86_400; // 2025-01-01T00:00:00Z + days
            let text = format(t);
            assert!(text.contains(&format!("Jan {day} 00:00:00 UTC 2025")), "{text}");
        }
        assert_eq!(format(1_735_689_600 + 9 * 86_400), "Fri Jan 10 00:00:00 UTC 2025");
    }

    /// The calendar the slow way: whole years, then whole months.
    fn naive_civil(mut days: u64) -> (u64, u64, u64) {
        let leap = |y: u64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let mut year = 1970;
        while days >= 365 + u64::from(leap(year)) {
            days -= 365 + u64::from(leap(year));
            year += 1;
        }
        let lengths = [31, 28 + u64::from(leap(year)), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let mut month = 1;
        for length in lengths {
            if days < length {
                break;
            }
            days -= length;
            month += 1;
        }
        (year, month, days + 1)
    }

    #[test]
    fn the_calendar_is_right_for_four_centuries_including_2100_and_2400() {
        // Up to 2400-12-31: century years that are not leap (2100, 2200, 2300) and
        // one that is (2400), which the year-of-era terms exist for.
        let last = 157_419; // 2400-12-31.

        // The last day of a 400-year era (2000-02-29, 2400-02-29) is the one day the
        // `doe / 146_096` term is not zero; 2100-02-28 / 03-01 skip a leap day.
        let edges = [11_016, 11_017, 47_540, 47_541, 157_113, 157_114];
        for days in (0..=last).step_by(7).chain(edges) {
            assert_eq!(civil_from_days(days), naive_civil(days), "day {days}");
        }
    }

    #[test]
    fn epoch_leap_day_and_year_end() {
        assert_eq!(format(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(format(1_709_164_800), "Thu Feb 29 00:00:00 UTC 2024");
        assert_eq!(format(1_798_761_599), "Thu Dec 31 23:59:59 UTC 2026");
    }
}
