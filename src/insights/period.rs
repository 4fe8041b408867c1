//! Calendar arithmetic of the insights: months, quarters and years as plain integers, the
//! granularity of the archive's history, and the two 12-month windows before the build date.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

/// The most periods a history is split into before the next coarser unit is used, so a chart
/// keeps bars a few pixels wide even for an archive spanning decades.
pub const MAX_PERIODS: i32 = 96;

/// The unit of a history: months while the archive is young, quarters or years once it is long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar months.
    Month,
    /// Calendar quarters (Jan–Mar, ...).
    Quarter,
    /// Calendar years.
    Year,
}

impl Granularity {
    /// Months per period.
    pub fn months(self) -> i32 {
        match self {
            Granularity::Month => 1,
            Granularity::Quarter => 3,
            Granularity::Year => 12,
        }
    }

    /// The finest unit that splits `first..=last` (month numbers) into at most [`MAX_PERIODS`].
    pub fn fitting(first: i32, last: i32) -> Granularity {
        let span = last - first + 1;
        if span <= MAX_PERIODS {
            Granularity::Month
        } else if span <= MAX_PERIODS * 3 {
            Granularity::Quarter
        } else {
            Granularity::Year
        }
    }

    /// The noun used in labels: `month`, `quarter`, `year`.
    pub fn noun(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }
}

/// The month number of a date: months since year 0, so consecutive months differ by one.
pub fn month_number(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

/// The consecutive periods covering the month numbers `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The unit.
    pub granularity: Granularity,
    /// The month number at which the first period starts.
    pub start: i32,
    /// How many periods.
    pub len: usize,
}

impl Range {
    /// Periods of the fitting granularity, aligned to calendar quarters or years.
    pub fn covering(first: i32, last: i32) -> Range {
        let granularity = Granularity::fitting(first, last);
        let m = granularity.months();
        let start = first.div_euclid(m) * m;
        let end = last.div_euclid(m) * m;
        Range {
            granularity,
            start,
            len: ((end - start) / m + 1) as usize,
        }
    }

    /// The position of the period holding month number `month`, if it is in range.
    pub fn slot(&self, month: i32) -> Option<usize> {
        let offset = month - self.start;
        if offset < 0 {
            return None;
        }
        let slot = (offset / self.granularity.months()) as usize;
        (slot < self.len).then_some(slot)
    }

    /// The first day of period `slot`.
    pub fn start_of(&self, slot: usize) -> Date {
        let month = self.start + slot as i32 * self.granularity.months();
        first_day(month)
    }

    /// A short label of period `slot`: `2025-03`, `2025 Q1` or `2025`.
    pub fn label(&self, slot: usize) -> String {
        let month = self.start + slot as i32 * self.granularity.months();
        let (year, m) = (month.div_euclid(12), month.rem_euclid(12) + 1);
        match self.granularity {
            Granularity::Month => format!("{year}-{m:02}"),
            Granularity::Quarter => format!("{year} Q{}", (m - 1) / 3 + 1),
            Granularity::Year => year.to_string(),
        }
    }
}

/// The first day of month number `month` (clamped into the calendar jiff supports).
pub fn first_day(month: i32) -> Date {
    let year = month.div_euclid(12).clamp(-9999, 9999) as i16;
    let m = (month.rem_euclid(12) + 1) as i8;
    Date::new(year, m, 1).unwrap_or(Date::MIN)
}

/// The last 12 months up to the build date, and the 12 months before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Windows {
    /// First day of the current window (the day after the same date a year earlier).
    pub current_from: Date,
    /// Last day of the current window: the build date.
    pub current_to: Date,
    /// First day of the previous window.
    pub previous_from: Date,
    /// Last day of the previous window.
    pub previous_to: Date,
}

/// Which window a date falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The last 12 months.
    Current,
    /// The 12 months before those.
    Previous,
}

impl Windows {
    /// The windows ending on `today`: `(today - 12 months, today]` and the year before it.
    pub fn ending(today: Date) -> Windows {
        let year_ago = today.saturating_sub(12.months());
        let two_years_ago = today.saturating_sub(24.months());
        Windows {
            current_from: year_ago.tomorrow().unwrap_or(year_ago),
            current_to: today,
            previous_from: two_years_ago.tomorrow().unwrap_or(two_years_ago),
            previous_to: year_ago,
        }
    }

    /// The window holding `date`, if any (dates after the build date are in neither).
    pub fn of(&self, date: Date) -> Option<Window> {
        if date >= self.current_from && date <= self.current_to {
            Some(Window::Current)
        } else if date >= self.previous_from && date <= self.previous_to {
            Some(Window::Previous)
        } else {
            None
        }
    }
}
