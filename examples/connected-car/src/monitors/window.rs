//! Time windows of a `time` trigger: times of day in an IANA time zone, repeating daily or on
//! chosen weekdays (of chosen weeks of the year), with daylight-saving changes handled by
//! wall-clock time; and intervals between two instants, or from one on.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Days of the week as bits, Monday first (bit 0) to Sunday (bit 6).
pub type Days = u8;

/// Every day of the week.
pub const EVERY_DAY: Days = 0b111_1111;

/// ISO weeks of the year as bits, week 1 at bit 1 to week 53 at bit 53.
pub type Weeks = u64;

/// Every week of the year.
pub const EVERY_WEEK: Weeks = ((1 << 54) - 1) & !1;

/// An interval between two instants, or from one on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// Its start (included).
    pub from: DateTime<Utc>,
    /// Its end (excluded); `None` for an interval that never closes.
    pub until: Option<DateTime<Utc>>,
}

impl Interval {
    fn contains(self, instant: DateTime<Utc>) -> bool {
        self.from <= instant && self.until.is_none_or(|until| instant < until)
    }
}

/// One window: from `start` after local midnight, for `length`, on `days`, or once on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// From local midnight; less than a day.
    pub start: Duration,
    /// More than zero, at most a day.
    pub length: Duration,
    /// The weekdays on which the window opens.
    pub days: Days,
    /// The weeks of the year in which it opens.
    pub weeks: Weeks,
    /// For a window that does not repeat: the one local date it opens on.
    pub once_on: Option<NaiveDate>,
}

/// A `time` trigger: true while `instant` is inside one of its windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Windows {
    zone: Tz,
    slots: Vec<Slot>,
    intervals: Vec<Interval>,
}

impl Windows {
    /// Windows in `zone`.
    #[must_use]
    pub fn new(zone: Tz, slots: Vec<Slot>) -> Self {
        Self {
            zone,
            slots,
            intervals: Vec::new(),
        }
    }

    /// These windows and `intervals`.
    #[must_use]
    pub fn with_intervals(mut self, intervals: Vec<Interval>) -> Self {
        self.intervals = intervals;
        self
    }

    /// Whether `instant` falls in one of the windows, and the span around it over which that
    /// answer holds: from the last opening or closing at or before `instant` to the next one
    /// after it (bounded to the day before and the day after, where nothing is known beyond).
    #[must_use]
    pub fn span_at(&self, instant: DateTime<Utc>) -> Span {
        let today = instant.with_timezone(&self.zone).date_naive();
        let day = |offset: i64| today + Duration::days(offset);
        let midnight =
            |date: NaiveDate| resolve(self.zone, date.and_hms_opt(0, 0, 0).unwrap_or_default());
        // Windows last at most a day, so those opening from two days before to tomorrow are
        // all that can open or close between yesterday's and the day after tomorrow's midnight.
        let mut span = Span {
            inside: false,
            from: midnight(day(-1)),
            until: midnight(day(2)),
        };
        for date in [day(-2), day(-1), today, day(1)] {
            for slot in self.slots.iter().filter(|slot| slot.opens_on(date)) {
                let start = date.and_hms_opt(0, 0, 0).unwrap_or_default() + slot.start;
                let (open, close) = (
                    resolve(self.zone, start),
                    resolve(self.zone, start + slot.length),
                );
                span.inside |= open <= instant && instant < close;
                span.narrow(instant, [Some(open), Some(close)]);
            }
        }
        for interval in &self.intervals {
            span.inside |= interval.contains(instant);
            span.narrow(instant, [Some(interval.from), interval.until]);
        }
        span
    }

    /// Whether `instant` falls in one of the windows. A window opens and closes at wall-clock
    /// times: on the night clocks go forward it is an hour shorter, on the night they go back an
    /// hour longer; a start inside the skipped hour opens at the end of the gap.
    #[must_use]
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        if self
            .intervals
            .iter()
            .any(|interval| interval.contains(instant))
        {
            return true;
        }
        let today = instant.with_timezone(&self.zone).date_naive();
        // A window that opened yesterday may still be open.
        [today, today.pred_opt().unwrap_or(today)]
            .into_iter()
            .any(|date| {
                self.slots.iter().any(|slot| {
                    slot.opens_on(date) && {
                        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
                        let open = resolve(self.zone, midnight + slot.start);
                        let close = resolve(self.zone, midnight + slot.start + slot.length);
                        open <= instant && instant < close
                    }
                })
            })
    }
}

/// Whether an instant is inside the windows, and the span over which that holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Inside a window.
    pub inside: bool,
    /// The span's start (included).
    pub from: DateTime<Utc>,
    /// The span's end (excluded).
    pub until: DateTime<Utc>,
}

impl Span {
    /// Narrows the span to the `boundaries` nearest `instant`, on either side.
    fn narrow(&mut self, instant: DateTime<Utc>, boundaries: [Option<DateTime<Utc>>; 2]) {
        for boundary in boundaries.into_iter().flatten() {
            if boundary <= instant {
                self.from = self.from.max(boundary);
            } else {
                self.until = self.until.min(boundary);
            }
        }
    }
}

impl Slot {
    fn opens_on(&self, date: NaiveDate) -> bool {
        match self.once_on {
            Some(once) => once == date,
            None => {
                self.days >> date.weekday().num_days_from_monday() & 1 == 1
                    && self.weeks >> date.iso_week().week() & 1 == 1
            }
        }
    }
}

/// Reads the weeks of the year as the origin writes them: `w1`, `W34`, or a range `w34-w46`,
/// weeks 1 to 53.
///
/// # Errors
///
/// A message for anything else, or a range that ends before it starts.
pub fn parse_weeks(text: &str) -> Result<Weeks, String> {
    let invalid =
        || format!("{text:?} is not a week (`w1` to `w53`) or a range of them (`w34-w46`)");
    let week = |part: &str| -> Result<u32, String> {
        part.strip_prefix(['w', 'W'])
            .filter(|digits| {
                (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
            })
            .and_then(|digits| digits.parse().ok())
            .filter(|week| (1..=53).contains(week))
            .ok_or_else(invalid)
    };
    let (first, last) = match text.split_once('-') {
        Some((first, last)) => (week(first)?, week(last)?),
        None => {
            let only = week(text)?;
            (only, only)
        }
    };
    if last < first {
        return Err(format!("{text:?} ends before it starts"));
    }
    Ok((first..=last).fold(0, |weeks, week| weeks | 1 << week))
}

/// The instant a local wall-clock time names: the earlier one when the clock goes back, and the
/// end of the gap when it goes forward.
fn resolve(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => {
            // Inside a gap: walk forward by minutes to its end (gaps are at most a few hours).
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let LocalResult::Single(at) | LocalResult::Ambiguous(at, _) =
                    zone.from_local_datetime(&probe)
                {
                    return at.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// Reads an ISO 8601 duration of whole minutes: `PT14H30M`, `P1D`, `PT45M`.
///
/// # Errors
///
/// A message for anything else (seconds, fractions, years, months or weeks).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("{text:?} is not an ISO 8601 duration in days, hours and minutes (PT14H30M)");
    let rest = text.strip_prefix('P').ok_or_else(invalid)?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, time),
        Some(_) => return Err(invalid()),
        None => (rest, ""),
    };
    if date_part.is_empty() && time_part.is_empty() {
        return Err(invalid());
    }
    let mut minutes: i64 = 0;
    for (part, units) in [
        (date_part, &[('D', 24 * 60)][..]),
        (time_part, &[('H', 60), ('M', 1)][..]),
    ] {
        let mut remaining = part;
        let mut allowed = units.iter();
        while !remaining.is_empty() {
            let digits = remaining.bytes().take_while(u8::is_ascii_digit).count();
            let (number, after) = remaining.split_at(digits);
            let unit = after.chars().next().ok_or_else(invalid)?;
            // Units in order, each at most once.
            let factor = allowed
                .by_ref()
                .find(|(name, _)| *name == unit)
                .map(|(_, factor)| *factor)
                .ok_or_else(invalid)?;
            let value: i64 = number.parse().map_err(|_| invalid())?;
            minutes = value
                .checked_mul(factor)
                .and_then(|m| minutes.checked_add(m))
                .filter(|m| *m <= 366 * 24 * 60)
                .ok_or_else(invalid)?;
            remaining = &after[unit.len_utf8()..];
        }
    }
    Ok(Duration::minutes(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn daily(start: &str, length: &str) -> Slot {
        Slot {
            start: parse_duration(start).unwrap(),
            length: parse_duration(length).unwrap(),
            days: EVERY_DAY,
            weeks: EVERY_WEEK,
            once_on: None,
        }
    }

    #[test]
    fn weeks_of_the_year() {
        assert_eq!(parse_weeks("w1"), Ok(1 << 1));
        assert_eq!(parse_weeks("W53"), Ok(1 << 53));
        assert_eq!(parse_weeks("w34-w36"), Ok(1 << 34 | 1 << 35 | 1 << 36));
        for bad in [
            "", "w", "w0", "w54", "w1-", "-w2", "w3-w2", "x1", "w001", "w+1", "w1-w2-w3",
        ] {
            assert!(parse_weeks(bad).is_err(), "{bad:?}");
        }
        assert_eq!(EVERY_WEEK.count_ones(), 53);
        assert_eq!(EVERY_WEEK & 1, 0);
    }

    #[test]
    fn windows_in_chosen_weeks_and_intervals() {
        let zone: Tz = "UTC".parse().unwrap();
        // 2030-03-15 is in ISO week 11.
        let in_week_11 = Slot {
            weeks: parse_weeks("w11").unwrap(),
            ..daily("PT8H", "PT1H")
        };
        let windows = Windows::new(zone, vec![in_week_11]);
        assert!(windows.contains(at("2030-03-15T08:30:00Z")));
        assert!(!windows.contains(at("2030-03-22T08:30:00Z")), "week 12");

        let closed = Interval {
            from: at("2030-03-15T10:00:00Z"),
            until: Some(at("2030-03-20T10:00:00Z")),
        };
        let open = Interval {
            from: at("2031-01-01T00:00:00Z"),
            until: None,
        };
        let windows = Windows::new(zone, Vec::new()).with_intervals(vec![closed, open]);
        assert!(!windows.contains(at("2030-03-15T09:59:00Z")));
        assert!(windows.contains(at("2030-03-15T10:00:00Z")));
        assert!(!windows.contains(at("2030-03-20T10:00:00Z")));
        assert!(windows.contains(at("2040-01-01T00:00:00Z")), "never closes");
        for instant in [
            "2030-03-15T09:00:00Z",
            "2030-03-17T00:00:00Z",
            "2030-03-20T12:00:00Z",
        ] {
            let span = windows.span_at(at(instant));
            assert_eq!(span.inside, windows.contains(at(instant)), "{instant}");
            for probe in [span.from, span.until - Duration::minutes(1)] {
                assert_eq!(windows.contains(probe), span.inside, "{instant}: {probe}");
            }
        }
    }

    #[test]
    fn durations_in_days_hours_and_minutes() {
        assert_eq!(
            parse_duration("PT14H30M"),
            Ok(Duration::minutes(14 * 60 + 30))
        );
        assert_eq!(parse_duration("PT4H30M"), Ok(Duration::minutes(270)));
        assert_eq!(parse_duration("P1D"), Ok(Duration::days(1)));
        assert_eq!(parse_duration("P1DT1M"), Ok(Duration::minutes(24 * 60 + 1)));
        for bad in [
            "",
            "P",
            "PT",
            "14H",
            "PT30S",
            "PT1.5H",
            "PT30M1H",
            "PT1H1H",
            "P1W",
            "P-1D",
            "PT99999999999999999999H",
            "P1DT",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_daily_window_in_paris() {
        let zone: Tz = "Europe/Paris".parse().unwrap();
        let windows = Windows::new(zone, vec![daily("PT14H30M", "PT4H30M")]);
        // Winter: Paris is UTC+1, so 14:30-19:00 local is 13:30-18:00 UTC.
        assert!(!windows.contains(at("2030-01-15T13:29:00Z")));
        assert!(windows.contains(at("2030-01-15T13:30:00Z")));
        assert!(windows.contains(at("2030-01-15T17:59:00Z")));
        assert!(!windows.contains(at("2030-01-15T18:00:00Z")));
        // Summer: UTC+2.
        assert!(windows.contains(at("2030-07-15T12:30:00Z")));
        assert!(!windows.contains(at("2030-07-15T17:00:00Z")));
    }

    #[test]
    fn windows_across_midnight_and_on_weekdays() {
        let zone: Tz = "UTC".parse().unwrap();
        let mut night = daily("PT22H", "PT4H");
        night.days = 1 << 4; // Friday nights only
        let windows = Windows::new(zone, vec![night]);
        // 2030-03-15 is a Friday.
        assert!(windows.contains(at("2030-03-15T23:00:00Z")));
        assert!(
            windows.contains(at("2030-03-16T01:59:00Z")),
            "still open on Saturday"
        );
        assert!(!windows.contains(at("2030-03-16T02:00:00Z")));
        assert!(!windows.contains(at("2030-03-14T23:00:00Z")), "Thursday");
    }

    #[test]
    fn daylight_saving_changes_keep_wall_clock_times() {
        let zone: Tz = "Europe/Paris".parse().unwrap();
        // 2030-03-31: at 02:00 local, clocks go forward to 03:00.
        let spring = Windows::new(zone, vec![daily("PT1H", "PT3H")]);
        assert!(spring.contains(at("2030-03-31T00:00:00Z")), "01:00 CET");
        assert!(spring.contains(at("2030-03-31T01:59:00Z")), "03:59 CEST");
        assert!(
            !spring.contains(at("2030-03-31T02:00:00Z")),
            "04:00 CEST: closed after 2 real hours"
        );
        // A window starting in the skipped hour opens when the gap ends.
        let in_gap = Windows::new(zone, vec![daily("PT2H30M", "PT1H")]);
        assert!(!in_gap.contains(at("2030-03-31T00:59:00Z")));
        assert!(
            in_gap.contains(at("2030-03-31T01:00:00Z")),
            "03:00 CEST, the gap's end"
        );
        assert!(in_gap.contains(at("2030-03-31T01:29:00Z")));
        assert!(!in_gap.contains(at("2030-03-31T01:30:00Z")), "03:30 CEST");
        // 2030-10-27: at 03:00 local, clocks go back to 02:00; 01:00-04:00 lasts 4 real hours.
        let autumn = Windows::new(zone, vec![daily("PT1H", "PT3H")]);
        assert!(autumn.contains(at("2030-10-26T23:00:00Z")), "01:00 CEST");
        assert!(autumn.contains(at("2030-10-27T02:59:00Z")), "03:59 CET");
        assert!(!autumn.contains(at("2030-10-27T03:00:00Z")), "04:00 CET");
    }

    #[test]
    fn a_span_holds_its_answer_throughout() {
        let zone: Tz = "Europe/Paris".parse().unwrap();
        let mut night = daily("PT22H", "PT4H");
        night.days = 1 << 4 | 1 << 6; // Friday and Sunday nights
        let windows = Windows::new(zone, vec![night, daily("PT1H", "PT3H")]);
        let start = at("2030-03-27T00:00:00Z");
        for minute in (0..(7 * 24 * 60)).step_by(7) {
            let instant = start + Duration::minutes(minute);
            let span = windows.span_at(instant);
            assert_eq!(span.inside, windows.contains(instant), "{instant}");
            assert!(
                span.from <= instant && instant < span.until,
                "{instant}: {span:?}"
            );
            for probe in [
                span.from,
                span.until - Duration::minutes(1),
                span.from + (span.until - span.from) / 2,
            ] {
                assert_eq!(
                    windows.contains(probe),
                    span.inside,
                    "{instant}: {probe} in {span:?}"
                );
            }
        }
    }

    #[test]
    fn a_window_that_does_not_repeat() {
        let zone: Tz = "UTC".parse().unwrap();
        let once = Slot {
            once_on: NaiveDate::from_ymd_opt(2030, 3, 17),
            ..daily("PT8H", "PT1H")
        };
        let windows = Windows::new(zone, vec![once]);
        assert!(windows.contains(at("2030-03-17T08:30:00Z")));
        assert!(!windows.contains(at("2030-03-18T08:30:00Z")));
    }
}
