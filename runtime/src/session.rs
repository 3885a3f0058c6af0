//! Why a session could not be started from a login answer.

use std::fmt;

use crate::*;

/// Why a session could not be made from a login response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// An optional response field the session needs was absent.
    Missing {
        /// The field's path in the response body (`auth.token`).
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
