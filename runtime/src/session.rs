//! Why a session could not be started from a login answer, and a logout that did not end one.

use std::fmt;

use crate::*;

/// Why a session could not be made from a login response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// A value the session needs was absent: an optional field, header or cookie of the
    /// login answer, or the refresh token a refresh sends.
    Missing {
        /// What is missing: a body field path (`auth.token`), `header <name>`,
        /// `cookie <name>`, or `refresh_token`.
        field: &'static str,
    },
    /// A response value meant for the base URL was refused.
    Variable(VariableError),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Missing { field } => {
                write!(
                    f,
                    "the login response has no `{field}`, which the session needs"
                )
            }
            SessionError::Variable(e) => write!(f, "the login response names a bad host: {e}"),
        }
    }
}

impl std::error::Error for SessionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SessionError::Missing { .. } => None,
            SessionError::Variable(e) => Some(e),
        }
    }
}

impl From<VariableError> for SessionError {
    fn from(e: VariableError) -> Self {
        SessionError::Variable(e)
    }
}

/// A logout that did not end the session: the session, handed back so that it can be
/// used or logged out again, and why the call failed. `Debug` shows the session as its
/// own `Debug` does (without its token).
pub struct NotEnded<S, E> {
    /// The session the logout was to end.
    pub session: S,
    /// Why the logout failed.
    pub error: CallError<E>,
}

impl<S: fmt::Debug, E: fmt::Debug> fmt::Debug for NotEnded<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotEnded")
            .field("session", &self.session)
            .field("error", &self.error)
            .finish()
    }
}

impl<S, E: fmt::Display> fmt::Display for NotEnded<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the session was not ended: {}", self.error)
    }
}

impl<S: fmt::Debug, E: std::error::Error + 'static> std::error::Error for NotEnded<S, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}
