//! Summary statistics over incident figures: medians and percentiles that ignore unknowns.

/// The median of `values` (the mean of the middle two for an even count), `None` when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    percentile(values, 50.0)
}

/// The `p`th percentile (0..=100) by linear interpolation between closest ranks, rounded.
pub fn percentile(values: &mut [i64], p: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (p / 100.0).clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    let value = values[lo] as f64 + (values[hi] - values[lo]) as f64 * (rank - lo as f64);
    Some(value.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentiles() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [30, 10, 20]), Some(20));
        assert_eq!(median(&mut [10, 20]), Some(15));
        assert_eq!(
            percentile(&mut [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90.0),
            Some(9)
        );
    }
}
