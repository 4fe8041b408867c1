//! Times of day as written (`14:30`, `2:30 PM`, `07:00PM`, `21:41:07`, `4 pm`) and the zone
//! written after them (` UTC`, `Z`, ` (GMT-04:00)`, ` PDT (UTC-7)`).

use super::dates::TimeVal;
use super::lex::{number, skip_spaces, starts_with_ci};
use super::zones::{Zone, zone_at};

/// `14:30`, `2:30 PM`, `07:00PM`, `21:41:07`, `11:00am`, `4 pm`.
pub fn time_at(s: &str, i: usize) -> Option<(TimeVal, usize)> {
    let (h, j) = number(s, i, 1, 2)?;
    let b = s.as_bytes();
    let (minute, second, mut k) = if b.get(j) == Some(&b':') {
        let (m, k) = number(s, j + 1, 2, 2)?;
        if b.get(k) == Some(&b':') {
            let (sec, mut e) = number(s, k + 1, 2, 2)?;
            if matches!(b.get(e), Some(b'.' | b',')) && b.get(e + 1).is_some_and(u8::is_ascii_digit)
            {
                e += 1;
                while b.get(e).is_some_and(u8::is_ascii_digit) {
                    e += 1;
                }
            }
            (m, sec, e)
        } else {
            (m, 0, k)
        }
    } else {
        (0, 0, j)
    };
    let had_minutes = k > j;
    if b.get(k).is_some_and(|c| c.is_ascii_digit() || *c == b':') {
        return None;
    }
    let pm = match meridiem(s, k) {
        Some((pm, e)) => {
            k = e;
            Some(pm)
        }
        None if !had_minutes => return None,
        None => None,
    };
    let hour_ok = match pm {
        Some(_) => (1..=12).contains(&h),
        None => h <= 23,
    };
    if !hour_ok || minute > 59 || second > 60 {
        return None;
    }
    let t = TimeVal {
        hour: h as i8,
        minute: minute as i8,
        second: second.min(59) as i8,
        pm,
    };
    Some((t, k))
}

/// ` PM`, `am`, `a.m.`: returns whether it is PM and where it ends.
fn meridiem(s: &str, i: usize) -> Option<(bool, usize)> {
    let j = if s.as_bytes().get(i) == Some(&b' ') {
        i + 1
    } else {
        i
    };
    let rest = s.get(j..)?;
    for (text, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if starts_with_ci(rest, text) {
            let end = j + text.len();
            if !s.as_bytes().get(end).is_some_and(u8::is_ascii_alphanumeric) {
                return Some((pm, end));
            }
        }
    }
    None
}

/// A zone after a time: ` UTC`, `Z`, ` (GMT-04:00)`, ` PDT (UTC-7)`.
pub fn zone_after(s: &str, i: usize) -> (Option<Zone>, usize) {
    if s[i..].starts_with('Z')
        && !s
            .as_bytes()
            .get(i + 1)
            .is_some_and(u8::is_ascii_alphanumeric)
    {
        return (Some(Zone::Fixed(0)), i + 1);
    }
    let j = skip_spaces(s, i);
    if j - i > 2 {
        return (None, i);
    }
    let paren = s[j..].starts_with('(');
    let z = if paren { skip_spaces(s, j + 1) } else { j };
    let Some((zone, len)) = zone_at(&s[z..]) else {
        return (None, i);
    };
    if zone == Zone::Fixed(0) && s[z..].starts_with('Z') && len == 1 && j > i {
        return (None, i);
    }
    let mut end = z + len;
    if paren {
        let close = skip_spaces(s, end);
        if !s[close..].starts_with(')') {
            return (None, i);
        }
        end = close + 1;
    } else if let Some(p) = s[end..].strip_prefix(" (") {
        // `PDT (UTC-7)`: the same zone again, in other words.
        if let Some((_, l)) = zone_at(p)
            && p[l..].starts_with(')')
        {
            end += 2 + l + 1;
        }
    }
    (Some(zone), end)
}
