//! Times a spec can declare: unix milliseconds and seconds, RFC 3339 timestamps.

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
                        bounded(text, ERROR_INPUT_CHARS)
                    ))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

// ---------------------------------------------------------------------------

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
}
