//! Times a spec can declare (unix milliseconds and seconds, RFC 3339 timestamps) and
//! [`Expiry`], when a session's token stops being valid.
//!
//! Everything that compares with the current time has an `_at(now)` twin that takes the
//! time to compare with, so that code (and tests) can use a clock of their own.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::*;

/// Converts a signed offset from the Unix epoch to a `SystemTime`.
fn offset_from_epoch(magnitude: Duration, negative: bool) -> Option<SystemTime> {
    if negative {
        SystemTime::UNIX_EPOCH.checked_sub(magnitude)
    } else {
        SystemTime::UNIX_EPOCH.checked_add(magnitude)
    }
}

/// Whether a time is at or before `now`. A time too far from the epoch for
/// `SystemTime` counts as past when it is before the epoch.
fn is_past(time: Option<SystemTime>, negative: bool, now: SystemTime) -> bool {
    match time {
        Some(time) => time <= now,
        None => negative,
    }
}

/// Milliseconds since the Unix epoch, an integer in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// This time as a `SystemTime`, or `None` if it cannot be represented.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        offset_from_epoch(Duration::from_millis(self.0.unsigned_abs()), self.0 < 0)
    }

    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        is_past(self.to_system_time(), self.0 < 0, now)
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

/// Seconds since the Unix epoch, an integer in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixSeconds(pub i64);

impl UnixSeconds {
    /// This time as a `SystemTime`, or `None` if it cannot be represented.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        offset_from_epoch(Duration::from_secs(self.0.unsigned_abs()), self.0 < 0)
    }

    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        is_past(self.to_system_time(), self.0 < 0, now)
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

/// A date and time with an offset, an RFC 3339 string in JSON (such as
/// `2022-10-13T13:11:04Z`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub OffsetDateTime);

impl Timestamp {
    /// Whether this time is at or before `now`.
    pub fn is_past_at(&self, now: SystemTime) -> bool {
        // Compare nanoseconds since the epoch rather than converting `now`
        // to an `OffsetDateTime`, which panics outside `time`'s range.
        let now_nanos = match now.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => i128::try_from(before.duration().as_nanos()).map_or(i128::MIN, |n| -n),
        };
        self.0.unix_timestamp_nanos() <= now_nanos
    }

    /// Whether this time is at or before the current time.
    pub fn is_past(&self) -> bool {
        self.is_past_at(SystemTime::now())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            // RFC 3339 cannot express years outside 0..=9999 or offsets
            // with seconds; fall back to `time`'s own format.
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = time::error::Parse;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OffsetDateTime::parse(s, &Rfc3339).map(Timestamp)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.format(&Rfc3339).map_err(|e| {
            serde::ser::Error::custom(format_args!("cannot write {} as RFC 3339: {e}", self.0))
        })?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string such as \"2022-10-13T13:11:04Z\"")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(|e| {
                    E::custom(format_args!(
                        "invalid RFC 3339 date-time {:?}: {e}",
                        crate::redact::printable(text, ERROR_INPUT_CHARS)
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

// ---------------------------------------------------------------------------

/// A time a response field can state: unix milliseconds or seconds, or a timestamp.
pub trait PointInTime {
    /// This time as a `SystemTime`, or `None` if it cannot be represented.
    fn to_system_time(&self) -> Option<SystemTime>;
}

impl PointInTime for UnixMillis {
    fn to_system_time(&self) -> Option<SystemTime> {
        UnixMillis::to_system_time(self)
    }
}

impl PointInTime for UnixSeconds {
    fn to_system_time(&self) -> Option<SystemTime> {
        UnixSeconds::to_system_time(self)
    }
}

impl PointInTime for Timestamp {
    fn to_system_time(&self) -> Option<SystemTime> {
        let nanos = self.0.unix_timestamp_nanos();
        let magnitude = u64::try_from(nanos.unsigned_abs() / 1_000_000_000).ok()?;
        let subsec = u32::try_from(nanos.unsigned_abs() % 1_000_000_000).ok()?;
        offset_from_epoch(Duration::new(magnitude, subsec), nanos < 0)
    }
}

/// When a session's token stops being valid, or that nobody said.
///
/// A login states it as a time (`expires_at`: unix ms or s, or a timestamp) or as a
/// lifetime counted from when its answer was received (`expires_in`: seconds or
/// milliseconds). An expiry the answer does not give (an optional field left out) is
/// unknown: such a token is never taken for expired, and its session stays usable.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use loginspec_runtime::Expiry;
///
/// let received = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
/// let expiry = Expiry::after_secs(received, 3_600);
/// assert!(!expiry.is_expired_at(received));
/// assert!(expiry.is_expired_at(received + Duration::from_secs(3_600)));
/// // With a margin, a token about to expire counts as expired already.
/// let late = received + Duration::from_secs(3_570);
/// assert!(expiry.expires_within_at(Duration::from_secs(60), late));
/// assert_eq!(Expiry::UNKNOWN.remaining_at(late), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Expiry(Option<SystemTime>);

impl Expiry {
    /// No expiry was stated.
    pub const UNKNOWN: Expiry = Expiry(None);

    /// Expires at `time`.
    pub fn at(time: SystemTime) -> Self {
        Expiry(Some(time))
    }

    /// Expires at the time a response field states; unknown when the field is absent or
    /// its time cannot be represented.
    pub fn from_field<T: PointInTime>(field: Option<&T>) -> Self {
        Expiry(field.and_then(PointInTime::to_system_time))
    }

    /// Expires `seconds` after `received`; a negative lifetime has expired on arrival,
    /// and one too long to represent is unknown.
    pub fn after_secs(received: SystemTime, seconds: i64) -> Self {
        Self::after(received, Duration::from_secs(seconds.max(0).unsigned_abs()))
    }

    /// Expires `millis` milliseconds after `received`; as [`Expiry::after_secs`].
    pub fn after_millis(received: SystemTime, millis: i64) -> Self {
        Self::after(
            received,
            Duration::from_millis(millis.max(0).unsigned_abs()),
        )
    }

    /// Expires `lifetime` after `received`; unknown when that is too far to represent.
    pub fn after(received: SystemTime, lifetime: Duration) -> Self {
        Expiry(received.checked_add(lifetime))
    }

    /// A lifetime in seconds read from an optional response field: unknown when absent.
    pub fn after_secs_field(received: SystemTime, seconds: Option<&i64>) -> Self {
        seconds.map_or(Self::UNKNOWN, |s| Self::after_secs(received, *s))
    }

    /// A lifetime in milliseconds read from an optional response field: unknown when
    /// absent.
    pub fn after_millis_field(received: SystemTime, millis: Option<&i64>) -> Self {
        millis.map_or(Self::UNKNOWN, |m| Self::after_millis(received, *m))
    }

    /// When the token expires, if that is known.
    pub fn time(&self) -> Option<SystemTime> {
        self.0
    }

    /// How long the token stays valid after `now` (zero once expired), if known.
    pub fn remaining_at(&self, now: SystemTime) -> Option<Duration> {
        self.0
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Whether the token has expired at `now`; never when the expiry is unknown.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.0.is_some_and(|at| at <= now)
    }

    /// Whether the token expires within `margin` of `now` (or has expired); never when the
    /// expiry is unknown. A caller that wants a token to outlive the next call asks this.
    pub fn expires_within_at(&self, margin: Duration, now: SystemTime) -> bool {
        self.0
            .is_some_and(|at| now.checked_add(margin).is_none_or(|limit| at <= limit))
    }

    /// [`Expiry::remaining_at`] the system clock's current time.
    pub fn remaining(&self) -> Option<Duration> {
        self.remaining_at(SystemTime::now())
    }

    /// [`Expiry::is_expired_at`] the system clock's current time.
    pub fn is_expired(&self) -> bool {
        self.is_expired_at(SystemTime::now())
    }

    /// [`Expiry::expires_within_at`] the system clock's current time.
    pub fn expires_within(&self, margin: Duration) -> bool {
        self.expires_within_at(margin, SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn unix_times() {
        let millis = UnixMillis(1_665_666_664_447);
        let time = millis.to_system_time().unwrap();
        assert_eq!(
            time.duration_since(SystemTime::UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_665_666_664_447)
        );
        assert!(millis.is_past_at(time));
        assert!(millis.is_past_at(time + Duration::from_millis(1)));
        assert!(!millis.is_past_at(time - Duration::from_millis(1)));
        assert!(millis.is_past());

        let before_epoch = UnixMillis(-1_500);
        assert_eq!(
            before_epoch.to_system_time(),
            SystemTime::UNIX_EPOCH.checked_sub(Duration::from_millis(1_500))
        );
        assert!(before_epoch.is_past_at(SystemTime::UNIX_EPOCH));

        let seconds = UnixSeconds(1_665_666_664);
        assert_eq!(
            seconds.to_system_time(),
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(1_665_666_664))
        );
        assert!(!UnixSeconds(i64::MAX).is_past());
        assert!(UnixSeconds(i64::MIN).is_past());
        assert!(!UnixMillis(i64::MAX).is_past());
        assert!(UnixMillis(i64::MIN).is_past());

        assert_eq!(serde_json::to_string(&millis).unwrap(), "1665666664447");
        assert_eq!(
            serde_json::from_str::<UnixSeconds>("-5").unwrap(),
            UnixSeconds(-5)
        );
        assert!(serde_json::from_str::<UnixMillis>("\"5\"").is_err());
    }

    #[test]
    fn timestamps() {
        let stamp: Timestamp = serde_json::from_str("\"2022-10-13T13:11:04.447Z\"").unwrap();
        assert_eq!(stamp.0.unix_timestamp(), 1_665_666_664);
        assert_eq!(stamp.to_string(), "2022-10-13T13:11:04.447Z");
        assert_eq!(format!("{stamp:?}"), "Timestamp(2022-10-13T13:11:04.447Z)");
        assert_eq!(
            serde_json::to_string(&stamp).unwrap(),
            "\"2022-10-13T13:11:04.447Z\""
        );
        assert!(stamp.is_past());
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_665_666_664_447);
        assert!(stamp.is_past_at(at));
        assert!(!stamp.is_past_at(at - Duration::from_nanos(1)));
        assert!(!stamp.is_past_at(SystemTime::UNIX_EPOCH));
        // Far outside `time`'s range: no panic.
        if let Some(far) = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(1 << 40)) {
            assert!(stamp.is_past_at(far));
        }

        let offset: Timestamp = serde_json::from_str("\"2022-10-13T15:11:04.447+02:00\"").unwrap();
        assert_eq!(offset, stamp);

        let err = serde_json::from_str::<Timestamp>("\"13/10/2022\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid RFC 3339 date-time \"13/10/2022\""),
            "{err}"
        );
        let err = serde_json::from_str::<Timestamp>("1665666664").unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
    }

    #[test]
    fn expiry_from_each_form() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let ms = UnixMillis(1_700_000_000_500);
        let s = UnixSeconds(1_700_000_001);
        let ts: Timestamp = "2023-11-14T22:13:21Z".parse().unwrap();
        assert_eq!(
            Expiry::from_field(Some(&ms)).time(),
            Some(t0 + Duration::from_millis(500))
        );
        assert_eq!(
            Expiry::from_field(Some(&s)).time(),
            Some(t0 + Duration::from_secs(1))
        );
        assert_eq!(
            Expiry::from_field(Some(&ts)).time(),
            Some(t0 + Duration::from_secs(1))
        );
        assert_eq!(Expiry::from_field::<UnixSeconds>(None), Expiry::UNKNOWN);
        assert_eq!(
            Expiry::after_secs(t0, 60).time(),
            Some(t0 + Duration::from_secs(60))
        );
        assert_eq!(
            Expiry::after_millis(t0, 1_500).time(),
            Some(t0 + Duration::from_millis(1_500))
        );
        assert_eq!(Expiry::after_secs(t0, -5).time(), Some(t0));
        assert_eq!(Expiry::after_secs(t0, i64::MAX), Expiry::UNKNOWN);
        assert_eq!(Expiry::after_secs_field(t0, None), Expiry::UNKNOWN);
        assert_eq!(
            Expiry::after_millis_field(t0, Some(&10)).time(),
            Some(t0 + Duration::from_millis(10))
        );
        let before_epoch: Timestamp = "1969-12-31T23:59:59.5Z".parse().unwrap();
        assert_eq!(
            Expiry::from_field(Some(&before_epoch)).time(),
            Some(SystemTime::UNIX_EPOCH - Duration::from_millis(500))
        );
    }

    #[test]
    fn expiry_against_an_injected_clock() {
        let received = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let expiry = Expiry::after_secs(received, 100);
        let just_before = received + Duration::from_millis(99_999);
        let at = received + Duration::from_secs(100);
        assert!(!expiry.is_expired_at(received));
        assert!(!expiry.is_expired_at(just_before));
        assert!(expiry.is_expired_at(at));
        assert_eq!(
            expiry.remaining_at(received),
            Some(Duration::from_secs(100))
        );
        assert_eq!(
            expiry.remaining_at(at + Duration::from_secs(5)),
            Some(Duration::ZERO)
        );
        assert!(!expiry.expires_within_at(Duration::from_secs(10), received));
        assert!(
            expiry.expires_within_at(Duration::from_secs(10), received + Duration::from_secs(90))
        );
        assert!(expiry.expires_within_at(Duration::MAX, received));
        // Unknown: never expired, nothing remaining to tell.
        assert!(!Expiry::UNKNOWN.is_expired_at(at));
        assert!(!Expiry::UNKNOWN.expires_within_at(Duration::MAX, at));
        assert_eq!(Expiry::UNKNOWN.remaining_at(at), None);
    }
}
